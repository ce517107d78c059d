/**
 * One image's whole path, owned by one function: read the image (only now, so that memory
 * stays bounded by the images in progress), check and encode it, wait for the app's budget,
 * send, classify the reply, and retry what is worth it. Total: whatever happens to one image
 * ends as that image's outcome, never as a throw out of the node.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import type { AppBudget } from './appBudget';
import { localFailure, THROTTLED_ADVICE } from './failureRules';
import { base64ImageBody, checkImageSize, describeOrigin, imageBody, imageUrlBody } from './image';
import type { PreparedImage } from './image';
import { MAX_OUTSIDE_TEXT_LENGTH, outsideText, type Redact } from './redaction';
import { errorText } from './response';
import {
	backoffDelay,
	MAX_RETRY_DELAY_MS,
	type SchedulerClock,
	type StopGate,
	waitUnlessStopped,
} from './scheduler';
import { cancelledFailure, sendImage } from './transport';
import {
	type ImageJob,
	type ImageResult,
	type OcrFailure,
	type RequestSettings,
	RET_CODE,
	type RunSettings,
} from './types';

/**
 * How often one image may be throttled before it gives up. Each throttled attempt waits in
 * the app's budget, which slows down with every throttling, so this is rarely reached.
 */
export const MAX_THROTTLED_ATTEMPTS = 10;

/** What every image of one execution shares. */
export interface ImageRun {
	context: IExecuteFunctions;
	run: RunSettings;
	budget: AppBudget;
	redact: Redact;
	/** Stops on Stop (or n8n's workflow timeout) and when another image stopped the node. */
	stop: StopGate;
	clock: SchedulerClock;
}

/** Size without reading the file: n8n 2.x records bytes; filesystem mode has metadata. */
async function knownBinarySize(
	context: IExecuteFunctions,
	binary: IBinaryData,
): Promise<number | undefined> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) {
		const metadata = await context.helpers.getBinaryMetadata(binary.id);
		return metadata.fileSize;
	}
	return undefined;
}

async function prepareBinaryImage(
	context: IExecuteFunctions,
	job: ImageJob,
	settings: RequestSettings,
	redact: Redact,
): Promise<PreparedImage> {
	const field = job.origin.binaryField ?? '';
	let bytes: Buffer;
	try {
		const binary = context.helpers.assertBinaryData(job.itemIndex, field);
		const size = await knownBinarySize(context, binary);
		const tooLarge =
			size === undefined ? undefined : checkImageSize(size, job.origin, settings.maxImageBytes);
		if (tooLarge) return { failure: tooLarge };
		bytes = await context.helpers.getBinaryDataBuffer(job.itemIndex, field);
	} catch (error) {
		// The item names the file, but n8n's binary data storage could not give it (e.g. the
		// file was removed from disk, or a worker cannot reach where main stored it).
		const reason = outsideText(errorText(error), redact);
		const message = `${describeOrigin(job.origin)} could not be read from n8n's binary data storage (${reason}): re-run the node that produced it.`;
		return { failure: localFailure(RET_CODE.badParameter, message) };
	}
	return imageBody(bytes, job.origin, settings.maxImageBytes);
}

/** The form body of a job's image, or why it is not sent; reads each image once. */
async function prepareImage(
	context: IExecuteFunctions,
	job: ImageJob,
	redact: Redact,
): Promise<PreparedImage> {
	const settings = job.settings.request;
	if (job.origin.source === 'binary') {
		return await prepareBinaryImage(context, job, settings, redact);
	}
	if (job.origin.source === 'url') return imageUrlBody(job.value ?? '');
	return base64ImageBody(job.value ?? '', job.origin, settings.maxImageBytes);
}

function gaveUpThrottled(failure: OcrFailure, attempts: number): OcrFailure {
	return {
		...failure,
		transient: false,
		message: `Aliyun API Gateway kept throttling this app's calls (HTTP ${failure.httpStatus ?? 403}${failure.gatewayMessage ? ` "${failure.gatewayMessage}"` : ''}), ${attempts} times for this image: ${THROTTLED_ADVICE}, or lower Concurrency.`,
	};
}

function unexpectedFailure(error: unknown, redact: Redact): OcrFailure {
	const reason = outsideText(errorText(error), redact, MAX_OUTSIDE_TEXT_LENGTH);
	return localFailure(
		RET_CODE.unknown,
		`The image could not be processed (${reason}): please report this as a bug.`,
	);
}

/** Sends a prepared image until it succeeds, fails for good, runs out of retries or is stopped. */
async function sendWithRetries(
	body: Buffer,
	settings: RequestSettings,
	shared: ImageRun,
): Promise<ImageResult> {
	const { run, budget, stop, clock } = shared;
	const policy = {
		retries: run.retries,
		baseDelayMs: run.retryBaseWaitMs,
		maxDelayMs: MAX_RETRY_DELAY_MS,
	};
	let attempts = 0;
	let retries = 0;
	let throttled = 0;
	for (;;) {
		const started = await budget.acquire({
			concurrency: run.concurrency,
			maxPerSecond: run.maxRequestsPerSecond,
			stop,
		});
		if (started === undefined) return { outcome: cancelledFailure(), attempts };
		attempts++;
		let outcome: ImageResult['outcome'] = cancelledFailure();
		try {
			outcome = await sendImage(shared.context, body, settings, shared.redact, stop.signal);
		} finally {
			const failed = outcome.ok ? undefined : outcome;
			budget.finish(started, {
				throttled: failed?.throttled === true,
				retryAfterMs: failed?.retryAfterMs,
			});
		}
		if (outcome.ok || outcome.cancelled) return { outcome, attempts };
		if (outcome.throttled) {
			// A throttled request waits in the app's budget again, never in a timer of its own.
			throttled++;
			if (throttled >= MAX_THROTTLED_ATTEMPTS) {
				return { outcome: gaveUpThrottled(outcome, throttled), attempts };
			}
			continue;
		}
		if (!outcome.transient || retries >= policy.retries) return { outcome, attempts };
		retries++;
		const waited = await waitUnlessStopped(
			backoffDelay(retries, policy, clock.random),
			stop,
			clock,
		);
		if (!waited) return { outcome: cancelledFailure(), attempts };
	}
}

/** Reads one card: the whole path of one image, from its bytes to its outcome. */
export async function readCard(job: ImageJob, shared: ImageRun): Promise<ImageResult> {
	try {
		if (shared.stop.stopped) return { outcome: cancelledFailure(), attempts: 0 };
		const prepared = await prepareImage(shared.context, job, shared.redact);
		if ('failure' in prepared) return { outcome: prepared.failure, attempts: 0 };
		return await sendWithRetries(prepared.body, job.settings.request, shared);
	} catch (error) {
		return { outcome: unexpectedFailure(error, shared.redact), attempts: 0 };
	}
}
