/**
 * One image, one call: reads the image (only now, so that memory stays bounded by the number
 * of requests in flight), has image.ts check and encode it, sends it through n8n's
 * authenticated HTTP helper, and interprets the reply.
 */
import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { DEFAULT_CONTENT_TYPE } from '../../credentials/common/aliyunRequest';
import {
	base64ImageBody,
	checkImageSize,
	describeOrigin,
	imageBody,
	imageUrlBody,
	type PreparedImage,
} from './image';
import type { ImageJob } from './imageJobs';
import { localFailure } from './failureRules';
import {
	describeNetworkError,
	errorText,
	MAX_GATEWAY_MESSAGE_LENGTH,
	parseOcrResponse,
	truncate,
} from './response';
import type { OcrOutcome, RawResponse } from './types';

export const CREDENTIAL_TYPE = 'aliyunApiGatewayApi';

export interface RequestSettings {
	/** The credential's Base URL; the credential joins it with the path. */
	baseUrl: string;
	endpointPath: string;
	timeoutMs: number;
	maxImageBytes: number;
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
		const message = `${describeOrigin(job.origin)} could not be read from n8n's binary data storage (${truncate(errorText(error), MAX_GATEWAY_MESSAGE_LENGTH)}): re-run the node that produced it.`;
		return { failure: localFailure(10, message) };
	}
	return imageBody(bytes, job.origin, settings.maxImageBytes);
}

/** The form body of a job's image, or why it is not sent; reads each image once. */
export async function prepareImage(
	context: IExecuteFunctions,
	job: ImageJob,
	settings: RequestSettings,
): Promise<PreparedImage> {
	if (job.failure) return { failure: job.failure };
	if (job.origin.source === 'binary') return await prepareBinaryImage(context, job, settings);
	if (job.origin.source === 'url') return imageUrlBody(job.value ?? '');
	return base64ImageBody(job.value ?? '', job.origin, settings.maxImageBytes);
}

/** Sends one prepared image; never throws: every failure becomes an outcome. */
export async function sendImage(
	context: IExecuteFunctions,
	body: Buffer,
	settings: RequestSettings,
): Promise<OcrOutcome> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		baseURL: settings.baseUrl,
		url: settings.endpointPath,
		headers: { Accept: 'application/json', 'Content-Type': DEFAULT_CONTENT_TYPE },
		body,
		timeout: settings.timeoutMs,
		// The gateway answers, it never redirects; following a redirect would mean re-sending
		// the image elsewhere. It also keeps n8n's HTTP client off its redirect-following
		// wrapper, which holds a copy of every body it sends.
		disableFollowRedirect: true,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			request,
		)) as RawResponse;
		return parseOcrResponse(response);
	} catch (error) {
		return describeNetworkError(error, settings.timeoutMs);
	}
}

/** Removes secret values from a text that came from outside (e.g. a gateway message). */
export function redact(text: string, secrets: string[]): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((result, secret) => result.split(secret).join('***'), text);
}
