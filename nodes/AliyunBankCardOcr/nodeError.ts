/**
 * The error of a failure that stops the whole node (a refused credential, quota, arrears,
 * clock skew): n8n's NodeApiError, made from the gateway's reply as it came (HTTP status,
 * X-Ca-Error-Message, X-Ca-Request-Id, the API's envelope), with the advice as its message.
 */
import { type INode, type JsonObject, NodeApiError } from 'n8n-workflow';

import type { OcrFailure } from './types';

/** What the gateway answered, with the values it sent (secrets already redacted). */
function gatewayReply(failure: OcrFailure): JsonObject {
	const headers: JsonObject = {};
	if (failure.gatewayMessage) headers['x-ca-error-message'] = failure.gatewayMessage;
	if (failure.requestId) headers['x-ca-request-id'] = failure.requestId;
	const reply: JsonObject = { message: failure.gatewayMessage || failure.message, headers };
	if (failure.httpStatus !== undefined) reply.httpCode = String(failure.httpStatus);
	if (failure.envelope) reply.body = failure.envelope as JsonObject;
	return reply;
}

/** How n8n's error shows the gateway's request id (what Aliyun support asks for). */
export function requestIdDescription(requestId: string | null | undefined): string | undefined {
	return requestId ? `X-Ca-Request-Id: ${requestId}` : undefined;
}

export function wholeNodeError(node: INode, failure: OcrFailure, itemIndex: number): NodeApiError {
	return new NodeApiError(node, gatewayReply(failure), {
		message: failure.message,
		description: requestIdDescription(failure.requestId),
		httpCode: failure.httpStatus === undefined ? undefined : String(failure.httpStatus),
		itemIndex,
	});
}
