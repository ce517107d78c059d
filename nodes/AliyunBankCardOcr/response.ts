/**
 * Turns what came back from the gateway (a reply, or a network error) into an outcome: a
 * recognised card, or a failure with its source, nearest ret_code and advice. Outside text is
 * redacted here, where it enters. Pure.
 */
import { type IDataObject, jsonParse } from 'n8n-workflow';

import { getHeader } from '../../credentials/common/headers';
import { classifyGatewayRejection, vendorMessage } from './failureRules';
import {
	MAX_OUTSIDE_TEXT_LENGTH,
	outsideText,
	type Redact,
	redactDeep,
	truncate,
} from './redaction';
import { type OcrFailure, type OcrOutcome, type RawResponse, RET_CODE } from './types';

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Long integers as text: a card number sent as a JSON number would lose its last digits in a
 * double (and then could not be masked as the number it is).
 */
function quoteLongIntegers(json: string): string {
	return json.replace(/([:[,]\s*)(-?\d{12,})(?=\s*[,}\]])/g, '$1"$2"');
}

function parseJsonBody(body: unknown): IDataObject | undefined {
	if (isObject(body)) return body;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return undefined;
	const parsed = jsonParse<unknown>(quoteLongIntegers(text), { fallbackValue: null });
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

/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function requestIdOf(headers: Record<string, unknown>, redact: Redact): string | null {
	const id = getHeader(headers, 'x-ca-request-id');
	return id === undefined ? null : outsideText(id, redact);
}

function gatewayFailure(response: RawResponse, redact: Redact): OcrFailure {
	const header = getHeader(response.headers, 'x-ca-error-message') ?? '';
	// Classified on the whole header, shown redacted and cut.
	const kind = classifyGatewayRejection(response.statusCode, header);
	const gatewayMessage = outsideText(header, redact);
	const quoted = gatewayMessage ? ` "${gatewayMessage}"` : '';
	const failure: OcrFailure = {
		ok: false,
		retCode: kind.retCode,
		source: 'gateway',
		message: `Aliyun API Gateway refused the call with HTTP ${response.statusCode}${quoted}: ${kind.advice}.`,
		requestId: requestIdOf(response.headers, redact),
		httpStatus: response.statusCode,
		gatewayMessage,
		transient: kind.transient,
		fatal: kind.fatal,
	};
	if (kind.throttled) {
		failure.throttled = true;
		failure.retryAfterMs = retryAfterMs(getHeader(response.headers, 'retry-after'), Date.now());
	}
	return failure;
}

/** showapi platform codes: -2 no balance left, -3 read timeout, -1009 rate limited. */
function platformFailure(
	code: number,
	envelope: IDataObject,
	requestId: string | null,
): OcrFailure {
	const platformError = asText(envelope.showapi_res_error);
	const detail = platformError ? ` ("${truncate(platformError, MAX_OUTSIDE_TEXT_LENGTH)}")` : '';
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
			retCode: RET_CODE.unknown,
			transient: false,
			fatal: true,
			message: `The API platform reports no calls or balance left (showapi_res_code -2)${detail}: buy more calls in the Aliyun Cloud Market.`,
		};
	}
	const timeout = code === -3;
	return {
		...base,
		retCode: timeout ? RET_CODE.timeout : RET_CODE.unknown,
		transient: code === -1 || timeout || code === -1009 || code === -7,
		fatal: false,
		message: `The API platform failed with showapi_res_code ${code}${detail}: try again later.`,
	};
}

/** Interprets a reply of the gateway (any HTTP status); `redact` clears its outside text. */
export function parseOcrResponse(response: RawResponse, redact: Redact): OcrOutcome {
	if (response.statusCode < 200 || response.statusCode >= 300) {
		return gatewayFailure(response, redact);
	}

	const gatewayRequestId = requestIdOf(response.headers, redact);
	const parsed = parseJsonBody(response.body);
	if (parsed === undefined) {
		return {
			ok: false,
			retCode: RET_CODE.unknown,
			source: 'gateway',
			httpStatus: response.statusCode,
			requestId: gatewayRequestId,
			transient: true,
			fatal: false,
			message: 'The API answered with something that is not JSON: try again later.',
		};
	}
	const envelope = redactDeep(parsed, redact);

	const requestId = outsideText(asText(envelope.showapi_res_id), redact) || gatewayRequestId;
	const platformCode = asNumber(envelope.showapi_res_code) ?? 0;
	if (platformCode !== 0) return platformFailure(platformCode, envelope, requestId);

	const body = isObject(envelope.showapi_res_body) ? envelope.showapi_res_body : undefined;
	const retCode = asNumber(body?.ret_code);
	const fee = asNumber(envelope.showapi_fee_num) ?? 0;
	const vendorFailure = (code: number, message: string, transient = false): OcrFailure => ({
		ok: false,
		retCode: code,
		source: 'vendor',
		requestId,
		envelope,
		remark: outsideText(asText(body?.remark), redact) || undefined,
		message,
		transient,
		fatal: false,
	});
	if (body === undefined || retCode === undefined) {
		return vendorFailure(
			RET_CODE.unknown,
			'The API answered without a ret_code: try again later; contact the API vendor if it persists.',
		);
	}
	if (retCode !== RET_CODE.ok) {
		return vendorFailure(retCode, vendorMessage(retCode), retCode === RET_CODE.timeout);
	}
	const cardNumber = asText(body.card_num).trim();
	if (cardNumber === '') {
		return vendorFailure(
			RET_CODE.notRecognized,
			'The API answered ret_code 0 but with no card number: use a sharp, well-lit photo of the card front with the number visible.',
		);
	}
	return {
		ok: true,
		card: {
			card_num: cardNumber,
			card_type: asText(body.card_type),
			bank_name: asText(body.bank_name),
		},
		requestId,
		fee,
		envelope,
	};
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** The first error code (ECONNRESET, Z_DATA_ERROR, …) along an error's cause chain. */
function findErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && isObject(current); depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^(E|Z_)[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** An error's message, or the thrown value as text. */
export function errorText(error: unknown): string {
	return error instanceof Error ? error.message : asText(error);
}

/** The request ran out of its Timeout: a total deadline, from sending to the reply's last byte. */
export function timeoutFailure(timeoutMs: number): OcrFailure {
	return {
		ok: false,
		retCode: RET_CODE.timeout,
		source: 'network',
		transient: true,
		fatal: false,
		message: `The API did not answer within ${timeoutMs} ms: try again later or raise the Timeout option.`,
	};
}

/** Interprets a request that got no usable HTTP reply: a timeout, a reset, a refused connection. */
export function describeNetworkError(error: unknown, timeoutMs: number): OcrFailure {
	const code = findErrorCode(error);
	const text = errorText(error);
	if ((code !== undefined && TIMEOUT_CODES.has(code)) || /timeout|timed out/i.test(text)) {
		return timeoutFailure(timeoutMs);
	}
	if (code?.startsWith('Z_')) {
		// The reply came, so the call may have been billed: not retried.
		return {
			ok: false,
			retCode: RET_CODE.unknown,
			source: 'network',
			transient: false,
			fatal: false,
			message: `The API's reply could not be decompressed (${code}: it says it is compressed, but it is not): try again later; contact the API vendor if it persists.`,
		};
	}
	const reason = code ?? 'no reply';
	return {
		ok: false,
		retCode: RET_CODE.unknown,
		source: 'network',
		transient: true,
		fatal: false,
		message: `The request to the API failed (${reason}): check the network of the n8n host and the credential's Base URL.`,
	};
}
