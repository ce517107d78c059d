import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	sleep,
} from 'n8n-workflow';

import type { AliyunApiGatewayCredentials } from '../../credentials/common/aliyunRequest';
import { appBudget, appKeyOf } from './appBudget';
import { nodeProperties } from './description';
import { type ImageRun, readCard } from './imagePath';
import { wholeNodeError } from './nodeError';
import { buildOutputItems, type FinishedJob, shownOutcome } from './outputItems';
import { readBaseUrl, readJobs, readRunSettings } from './parameters';
import { secretRedactor } from './redaction';
import { runPool, type SchedulerClock, StopGate } from './scheduler';
import { continuesOnFail, isToolMode } from './toolMode';
import { cancelledFailure, CREDENTIAL_TYPE } from './transport';
import type { ImageJob, ImageResult, OcrFailure } from './types';

const clock: SchedulerClock = {
	now: () => Date.now(),
	sleep: async (ms) => await sleep(ms),
	random: Math.random,
};

/**
 * Each job's result: its local failure, what the pool returned, or, for an image stopped or
 * never started after a node-wide refusal, that refusal.
 */
function finishJobs(
	jobs: ImageJob[],
	results: Array<ImageResult | undefined>,
	stoppedBy: OcrFailure | undefined,
	toNodeErrorOutput: boolean,
): FinishedJob[] {
	let next = 0;
	return jobs.map((job) => {
		if (job.failure) return { job, result: { outcome: job.failure, attempts: 0 } };
		const done = results[next++];
		let result = done ?? { outcome: stoppedBy ?? cancelledFailure(), attempts: 0 };
		if (stoppedBy && !result.outcome.ok && result.outcome.cancelled) {
			result = { outcome: stoppedBy, attempts: result.attempts };
		}
		const fatal = !result.outcome.ok && result.outcome.fatal;
		return { job, result, toNodeErrorOutput: toNodeErrorOutput && fatal };
	});
}

export class AliyunBankCardOcr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aliyun Bank Card OCR',
		name: 'aliyunBankCardOcr',
		icon: { light: 'file:aliyunBankCardOcr.svg', dark: 'file:aliyunBankCardOcr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{"Read cards from " + {"binary": "files", "url": "image URLs", "base64": "base64 strings"}[$parameter["source"]]}}',
		description: 'Read the card number, card type and bank name from bank card images',
		defaults: { name: 'Aliyun Bank Card OCR' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: nodeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = await this.getCredentials<AliyunApiGatewayCredentials>(CREDENTIAL_TYPE);
		const baseUrl = readBaseUrl(this, credentials.baseUrl);
		const run = readRunSettings(this);
		const jobs = readJobs(this, baseUrl);

		// A node-wide refusal (credential, quota, arrears) stops every other image at once, as
		// does Stop: waits end, requests in flight are aborted, nothing new is sent.
		const refusal = new AbortController();
		const cancel = this.getExecutionCancelSignal();
		const stop = cancel ? AbortSignal.any([cancel, refusal.signal]) : refusal.signal;
		const shared: ImageRun = {
			context: this,
			run,
			budget: appBudget(appKeyOf(credentials, baseUrl), clock),
			redact: secretRedactor([credentials.appCode, credentials.appSecret]),
			stop: new StopGate(stop),
			clock,
		};
		const toSend = jobs.filter((job) => !job.failure);
		const pool = await runPool(
			toSend,
			run.concurrency,
			async (job) => await readCard(job, shared),
			{
				signal: stop,
				stops: (result) => {
					const fatal = !result.outcome.ok && result.outcome.fatal;
					if (fatal) refusal.abort();
					return fatal;
				},
			},
		);

		const stopped = pool.stoppedBy;
		const refused = stopped && !stopped.result.outcome.ok ? stopped.result.outcome : undefined;
		if (stopped && refused && !continuesOnFail(this)) {
			const job = toSend[stopped.index];
			const shown = shownOutcome(refused, job.settings.output.maskCardNumber) as OcrFailure;
			throw wholeNodeError(this.getNode(), shown, job.itemIndex);
		}
		// Under "Continue (using error output)" the images of a node-wide refusal go to n8n's own
		// error output; per-image failures stay on Error. A tool has one output, for its model.
		const toolMode = isToolMode(this.getNode());
		const toNodeErrorOutput = !toolMode && this.getNode().onError === 'continueErrorOutput';
		const finished = finishJobs(jobs, pool.results, refused, toNodeErrorOutput);
		return buildOutputItems(finished, this.getInputData(), { oneOutput: toolMode });
	}
}
