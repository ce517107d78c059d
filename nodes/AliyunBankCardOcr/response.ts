/**
 * Turns what came back from the gateway (a reply, or a network error) into an outcome: a
 * recognised card, or a failure with its source, nearest ret_code and advice. Pure.
 */
import { type IDataObject, jsonParse } from 'n8n-workflow';

import { getHeader } from '../../credentials/common/headers';
import { classifyGatewayRejection, vendorMessage } from './failureRules';
import type { OcrFailure, OcrOutcome, RawResponse } from './types';

/** Gateway messages can quote the whole string-to-sign (image included): keep them short. */
export const MAX_GATEWAY_MESSAGE_LENGTH = 200;

export function truncate(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonBody(body: unknown): IDataObject | undefined {
	if (isObject(body)) return body;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return undefined;
	const parsed = jsonParse<unknown>(text, { fallbackValue: null });
	return isObject(parsed) ? parsed : undefined;
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
	return undefined;
}

function asText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

function gatewayFailure(response: RawResponse): OcrFailure {
	const gatewayMessage = truncate(
		getHeader(response.headers, 'x-ca-error-message') ?? '',
		MAX_GATEWAY_MESSAGE_LENGTH,
	);
	const kind = classifyGatewayRejection(response.statusCode, gatewayMessage);
	const quoted = gatewayMessage ? ` "${gatewayMessage}"` : '';
	return {
		ok: false,
		retCode: kind.retCode,
		source: 'gateway',
		message: `Aliyun API Gateway refused the call with HTTP ${response.statusCode}${quoted}: ${kind.advice}.`,
		requestId: getHeader(response.headers, 'x-ca-request-id') ?? null,
		httpStatus: response.statusCode,
		gatewayMessage,
		transient: kind.transient,
		fatal: kind.fatal,
	};
}

/** showapi platform codes: -2 no balance left, -3 read timeout, -1009 rate limited. */
function platformFailure(
	code: number,
	envelope: IDataObject,
	requestId: string | null,
): OcrFailure {
	const platformError = asText(envelope.showapi_res_error);
	const detail = platformError ? ` ("${truncate(platformError, MAX_GATEWAY_MESSAGE_LENGTH)}")` : '';
	const base = {
		ok: false as const,
		source: 'gateway' as const,
		requestId,
		envelope,
		httpStatus: 200,
	};
	if (code === -2) {
		return {
			...base,
			retCode: 90,
			transient: false,
			fatal: true,
			message: `The API platform reports no calls or balance left (showapi_res_code -2)${detail}: buy more calls in the Aliyun Cloud Market.`,
		};
	}
	const timeout = code === -3;
	return {
		...base,
		retCode: timeout ? 80 : 90,
		transient: code === -1 || timeout || code === -1009 || code === -7,
		fatal: false,
		message: `The API platform failed with showapi_res_code ${code}${detail}: try again later.`,
	};
}

/** Interprets a reply of the gateway (any HTTP status). */
export function parseOcrResponse(response: RawResponse): OcrOutcome {
	if (response.statusCode < 200 || response.statusCode >= 300) return gatewayFailure(response);

	const gatewayRequestId = getHeader(response.headers, 'x-ca-request-id') ?? null;
	const envelope = parseJsonBody(response.body);
	if (envelope === undefined) {
		return {
			ok: false,
			retCode: 90,
			source: 'gateway',
			httpStatus: response.statusCode,
			requestId: gatewayRequestId,
			transient: true,
			fatal: false,
			message: 'The API answered with something that is not JSON: try again later.',
		};
	}

	const requestId = asText(envelope.showapi_res_id) || gatewayRequestId;
	const platformCode = asNumber(envelope.showapi_res_code) ?? 0;
	if (platformCode !== 0) return platformFailure(platformCode, envelope, requestId);

	const body = isObject(envelope.showapi_res_body) ? envelope.showapi_res_body : undefined;
	const retCode = asNumber(body?.ret_code);
	const fee = asNumber(envelope.showapi_fee_num) ?? 0;
	if (body === undefined || retCode === undefined) {
		return {
			ok: false,
			retCode: 90,
			source: 'vendor',
			requestId,
			envelope,
			transient: false,
			fatal: false,
			message:
				'The API answered without a ret_code: try again later; contact the API vendor if it persists.',
		};
	}
	if (retCode !== 0) {
		return {
			ok: false,
			retCode,
			source: 'vendor',
			requestId,
			envelope,
			remark: asText(body.remark) || undefined,
			message: vendorMessage(retCode),
			transient: retCode === 80,
			fatal: false,
		};
	}
	return {
		ok: true,
		card: {
			card_num: asText(body.card_num),
			card_type: asText(body.card_type),
			bank_name: asText(body.bank_name),
		},
		requestId,
		fee,
		envelope,
	};
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

/** The first `code` (ECONNRESET, …) along an error's cause chain. */
function findErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && isObject(current); depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** An error's message, or the thrown value as text. */
export function errorText(error: unknown): string {
	return error instanceof Error ? error.message : asText(error);
}

/** Interprets a request that got no HTTP reply: a timeout, a reset, a refused connection. */
export function describeNetworkError(error: unknown, timeoutMs: number): OcrFailure {
	const code = findErrorCode(error);
	const timedOut =
		(code !== undefined && TIMEOUT_CODES.has(code)) || /timeout|timed out/i.test(errorText(error));
	if (timedOut) {
		return {
			ok: false,
			retCode: 80,
			source: 'network',
			transient: true,
			fatal: false,
			message: `The API did not answer within ${timeoutMs} ms: try again later or raise the Timeout option.`,
		};
	}
	const reason = code ?? 'no reply';
	return {
		ok: false,
		retCode: 90,
		source: 'network',
		transient: true,
		fatal: false,
		message: `The request to the API failed (${reason}): check the network of the n8n host and the credential's Base URL.`,
	};
}
