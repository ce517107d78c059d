/**
 * One image, one call: reads and checks the image (only now, so that memory stays bounded
 * by the number of requests in flight), sends it through n8n's authenticated HTTP helper,
 * and interprets the reply.
 */
import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	checkImageBytes,
	checkImageSize,
	decodeBase64Image,
	describeOrigin,
	formBody,
	type ImageJob,
	localFailure,
} from './inputs';
import { describeNetworkError, parseOcrResponse } from './response';
import type { OcrFailure, OcrOutcome, RawResponse } from './types';

export const CREDENTIAL_TYPE = 'aliyunApiGatewayApi';

export interface RequestSettings {
	url: string;
	timeoutMs: number;
	maxImageBytes: number;
}

/** The encoded form body, or the local failure that stops the image from being sent. */
export type PreparedImage = { body: string } | { failure: OcrFailure };

/** The local checks on the bytes, then the `img_base64` form body. */
function checkedImageBody(bytes: Buffer, job: ImageJob, settings: RequestSettings): PreparedImage {
	const failure = checkImageBytes(bytes, job.origin, settings.maxImageBytes);
	return failure ? { failure } : { body: formBody('img_base64', bytes.toString('base64')) };
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
	try {
		const binary = context.helpers.assertBinaryData(job.itemIndex, field);
		const size = await knownBinarySize(context, binary);
		const tooLarge = size === undefined ? undefined : checkImageSize(size, job.origin, settings.maxImageBytes);
		if (tooLarge) return { failure: tooLarge };
		const bytes = await context.helpers.getBinaryDataBuffer(job.itemIndex, field);
		return checkedImageBody(bytes, job, settings);
	} catch {
		const message = `${describeOrigin(job.origin)} could not be read from n8n's binary data storage: re-run the node that produced it.`;
		return { failure: localFailure(10, message) };
	}
}

export async function prepareImage(
	context: IExecuteFunctions,
	job: ImageJob,
	settings: RequestSettings,
): Promise<PreparedImage> {
	if (job.failure) return { failure: job.failure };
	if (job.origin.source === 'binary') return await prepareBinaryImage(context, job, settings);
	if (job.origin.source === 'url') return { body: formBody('img_url', job.value ?? '') };

	const bytes = decodeBase64Image(job.value ?? '');
	if (bytes === undefined) {
		const message = 'The base64 string has characters that base64 does not use: pass the plain base64 of the image, with or without a data:image/…;base64, prefix.';
		return { failure: localFailure(20, message) };
	}
	return checkedImageBody(bytes, job, settings);
}

/** Sends one prepared image; never throws: every failure becomes an outcome. */
export async function sendImage(
	context: IExecuteFunctions,
	body: string,
	settings: RequestSettings,
): Promise<OcrOutcome> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: settings.url,
		headers: {
			Accept: 'application/json',
			'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
		},
		body,
		timeout: settings.timeoutMs,
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
