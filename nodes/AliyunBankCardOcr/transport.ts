/**
 * One call: sends one prepared form body through n8n's authenticated HTTP helper, within a
 * total deadline, and interprets the reply. Never throws: every ending is an outcome.
 */
import { type IExecuteFunctions, type IHttpRequestOptions, sleep } from 'n8n-workflow';

import { DEFAULT_CONTENT_TYPE } from '../../credentials/common/formEncoding';
import type { Redact } from './redaction';
import { describeNetworkError, parseOcrResponse, timeoutFailure } from './response';
import {
	type OcrFailure,
	type OcrOutcome,
	type RawResponse,
	type RequestSettings,
	RET_CODE,
} from './types';

export const CREDENTIAL_TYPE = 'aliyunApiGatewayApi';

/** The outcome of an image whose execution was stopped before it was read. */
export function cancelledFailure(): OcrFailure {
	return {
		ok: false,
		retCode: RET_CODE.unknown,
		source: 'local',
		transient: false,
		fatal: false,
		cancelled: true,
		message: 'The execution was stopped before this image was read: run it again to read it.',
	};
}

/**
 * The node's context with another cancel signal. n8n's request helper aborts a request with
 * the execution's cancel signal, and only with it (it replaces any signal of the request's
 * own), so a deadline can reach the request only as that signal.
 */
function withCancelSignal(context: IExecuteFunctions, signal: AbortSignal): IExecuteFunctions {
	return Object.create(context, {
		getExecutionCancelSignal: { value: () => signal },
	}) as IExecuteFunctions;
}

/**
 * Sends one prepared image. The Timeout is a total deadline: n8n's own `timeout` stops only
 * a silent connection, not a reply that drips. `stop` aborts the request at once (the
 * execution was stopped, or another image stopped the node).
 */
export async function sendImage(
	context: IExecuteFunctions,
	body: Buffer,
	settings: RequestSettings,
	redact: Redact,
	stop: AbortSignal,
): Promise<OcrOutcome> {
	if (stop.aborted) return cancelledFailure();
	const deadline = new AbortController();
	const finished = new AbortController();
	void sleep(settings.timeoutMs, finished.signal).then(
		() => deadline.abort(),
		() => undefined,
	);
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
	const requestContext = withCancelSignal(context, AbortSignal.any([stop, deadline.signal]));
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			requestContext,
			CREDENTIAL_TYPE,
			request,
		)) as RawResponse;
		if (deadline.signal.aborted && !stop.aborted) return timeoutFailure(settings.timeoutMs);
		return parseOcrResponse(response, redact);
	} catch (error) {
		if (stop.aborted) return cancelledFailure();
		if (deadline.signal.aborted) return timeoutFailure(settings.timeoutMs);
		return describeNetworkError(error, settings.timeoutMs);
	} finally {
		finished.abort();
	}
}
