/**
 * Aliyun API Gateway digest signing (HMAC-SHA256), as the gateway verifies it.
 *
 * Pure functions only: no clock, no randomness, no I/O. The credential supplies the
 * timestamp and nonce, so the same inputs always give the same signature (which is what
 * lets the recorded vectors of the official SDK be reproduced byte for byte).
 */
import { createHash, createHmac } from 'crypto';

import { isFormContentType } from './formEncoding';
import { getHeader } from './headers';

/** The headers the signature covers; every other header is left out of it. */
const SIGNED_HEADER_PREFIX = 'x-ca-';
const UNSIGNED_CA_HEADERS = new Set(['x-ca-signature', 'x-ca-signature-headers']);

/** A request exactly as it goes on the wire, minus the host (which is never signed). */
export interface WireRequest {
	method: string;
	/** Path and optional query string, e.g. `/ocrBankCardGeneral?a=1`. */
	pathAndQuery: string;
	/** Header names in any case; values as sent. */
	headers: Record<string, string>;
	/** The body as sent (already encoded), or undefined for none. */
	body?: string;
}

export interface SigningKey {
	appKey: string;
	appSecret: string;
}

export interface SignatureResult {
	stringToSign: string;
	signature: string;
	signedHeaderNames: string[];
}

/** base64(MD5(body)), the gateway's Content-MD5; only ever sent for non-form bodies. */
export function contentMd5(body: string | Buffer): string {
	return createHash('md5')
		.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
		.digest('base64');
}

/**
 * The signed "Url" part: the path, then every query and form parameter merged (a form
 * value wins over a query value of the same key; a key repeated within one of them counts
 * with its first value), sorted by key, with decoded values. A key with an empty value
 * stands bare.
 */
export function buildSignedUrl(pathAndQuery: string, formBody: string | undefined): string {
	const queryStart = pathAndQuery.indexOf('?');
	const path = queryStart === -1 ? pathAndQuery : pathAndQuery.slice(0, queryStart);
	const query = queryStart === -1 ? '' : pathAndQuery.slice(queryStart + 1);

	const parameters = new Map<string, string>();
	for (const source of [query, formBody ?? '']) {
		// A key repeated within the query (or the form) is signed with its first value.
		const seen = new Set<string>();
		for (const [key, value] of new URLSearchParams(source)) {
			if (seen.has(key)) continue;
			seen.add(key);
			parameters.set(key, value);
		}
	}
	if (parameters.size === 0) return path;

	const pairs = [...parameters.keys()].sort().map((key) => {
		const value = parameters.get(key) ?? '';
		return value === '' ? key : `${key}=${value}`;
	});
	return `${path}?${pairs.join('&')}`;
}

/** Builds the gateway's string-to-sign for a request whose `x-ca-*` headers are already set. */
export function buildStringToSign(request: WireRequest): {
	stringToSign: string;
	signedHeaderNames: string[];
} {
	const { headers } = request;
	const header = (name: string) => getHeader(headers, name) ?? '';
	const signedHeaderNames = Object.keys(headers)
		.map((name) => name.toLowerCase())
		.filter((name) => name.startsWith(SIGNED_HEADER_PREFIX) && !UNSIGNED_CA_HEADERS.has(name))
		.sort();

	const contentType = header('content-type');
	const formBody = isFormContentType(contentType) ? request.body : undefined;

	const lines = [
		request.method.toUpperCase(),
		header('accept'),
		header('content-md5'),
		contentType,
		header('date'),
	];
	const signedHeaders = signedHeaderNames.map((name) => `${name}:${header(name)}\n`).join('');
	const stringToSign =
		lines.join('\n') + '\n' + signedHeaders + buildSignedUrl(request.pathAndQuery, formBody);
	return { stringToSign, signedHeaderNames };
}

export function hmacSha256Base64(secret: string, stringToSign: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8'))
		.update(stringToSign, 'utf8')
		.digest('base64');
}

/** Signs a request whose `x-ca-key`, `x-ca-timestamp`, `x-ca-nonce` (…) headers are set. */
export function signWireRequest(request: WireRequest, key: SigningKey): SignatureResult {
	const { stringToSign, signedHeaderNames } = buildStringToSign(request);
	return {
		stringToSign,
		signature: hmacSha256Base64(key.appSecret, stringToSign),
		signedHeaderNames,
	};
}
