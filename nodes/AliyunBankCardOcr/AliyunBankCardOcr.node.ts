import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
} from 'n8n-workflow';

import type { AliyunApiGatewayCredentials } from '../../credentials/common/aliyunRequest';
import { nodeProperties } from './description';
import type { ImageJob } from './imageJobs';
import { localFailure } from './failureRules';
import { wholeNodeError } from './nodeError';
import { buildOutputItems, type FinishedJob } from './outputItems';
import {
	defaultItemSettings,
	type ItemSettings,
	readImageSource,
	readItemJobs,
	readItemSettings,
	readRunSettings,
} from './parameters';
import {
	DEFAULT_RETRY_POLICY,
	type JobRun,
	runPool,
	runWithRetries,
	type SchedulerClock,
	StartRateLimiter,
} from './scheduler';
import { CREDENTIAL_TYPE, prepareImage, redact, sendImage } from './transport';
import type { OcrFailure, OcrOutcome } from './types';

const clock: SchedulerClock = { now: () => Date.now(), sleep, random: Math.random };

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
		const items = this.getInputData();
		const credentials = (await this.getCredentials(
			CREDENTIAL_TYPE,
		)) as unknown as AliyunApiGatewayCredentials;
		const secrets = [credentials.appCode, credentials.appSecret].filter((s): s is string => !!s);
		const run = readRunSettings(this);
		const continueOnFail = this.continueOnFail();

		// One job per image, in input order; bad parameters fail their item only.
		const jobs: ImageJob[] = [];
		const settingsOfItem: ItemSettings[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				settingsOfItem[itemIndex] = readItemSettings(this, itemIndex, credentials.baseUrl);
				for (const job of readItemJobs(this, itemIndex)) jobs.push({ ...job, index: jobs.length });
			} catch (error) {
				if (!continueOnFail)
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				settingsOfItem[itemIndex] ??= defaultItemSettings(credentials.baseUrl);
				const failure = localFailure(
					10,
					`The node's parameters could not be read for this item: ${(error as Error).message}`,
				);
				jobs.push({
					index: jobs.length,
					itemIndex,
					origin: { source: readImageSource(this, itemIndex) },
					failure,
				});
			}
		}

		const limiter = new StartRateLimiter(run.maxRequestsPerSecond, clock);
		const policy = {
			...DEFAULT_RETRY_POLICY,
			retries: run.retries,
			baseDelayMs: run.retryBaseWaitMs,
		};
		let stoppedBy: { failure: OcrFailure; job: ImageJob } | undefined;

		const runJob = async (index: number): Promise<JobRun<OcrOutcome>> => {
			const job = jobs[index];
			const settings = settingsOfItem[job.itemIndex].request;
			const prepared = await prepareImage(this, job, settings);
			if ('failure' in prepared) return { result: prepared.failure, attempts: 0 };
			const outcome = await runWithRetries(
				() => sendImage(this, prepared.body, settings),
				limiter,
				policy,
				clock,
			);
			if (!outcome.result.ok) {
				outcome.result.message = redact(outcome.result.message, secrets);
				if (outcome.result.gatewayMessage)
					outcome.result.gatewayMessage = redact(outcome.result.gatewayMessage, secrets);
				if (outcome.result.fatal) stoppedBy ??= { failure: outcome.result, job };
			}
			return outcome;
		};
		const runs = await runPool(jobs.length, run.concurrency, runJob, () => stoppedBy !== undefined);

		if (stoppedBy && !continueOnFail) {
			throw wholeNodeError(this.getNode(), stoppedBy.failure, stoppedBy.job.itemIndex);
		}

		// Under "continue on fail", the images never sent after a fatal refusal share its error
		// (unless a local check had already failed them). With "Continue (using error output)"
		// those images go to n8n's own error output; per-image failures stay on Error.
		const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
		const finished: FinishedJob[] = jobs.map((job, index) => {
			const done = runs[index];
			const outcome = done?.result ?? job.failure ?? (stoppedBy?.failure as OcrFailure);
			const failedWholeNode = !outcome.ok && outcome.fatal;
			return {
				itemIndex: job.itemIndex,
				origin: job.origin,
				outcome,
				attempts: done?.attempts ?? 0,
				output: settingsOfItem[job.itemIndex].output,
				toNodeErrorOutput: toErrorOutput && failedWholeNode,
			};
		});
		return buildOutputItems(finished, items);
	}
}
