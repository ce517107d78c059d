/**
 * Prepares an n8n request for the Aliyun API Gateway: it fixes what will go on the wire
 * (Accept, Content-Type, an encoded body, the query string) so that what is signed is
 * exactly what is sent, then adds the AppCode header or the digest signature headers.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	contentMd5,
	FORM_CONTENT_TYPE,
	isFormContentType,
	signWireRequest,
	type SignatureResult,
} from './aliyunSignature';
import { encodeForm, encodeFormPairs } from './formEncoding';
import { getHeader, setHeader } from './headers';

export const DEFAULT_ACCEPT = 'application/json';
export const DEFAULT_CONTENT_TYPE = `${FORM_CONTENT_TYPE}; charset=UTF-8`;

export type AliyunAuthType = 'appCode' | 'signature';
export type AliyunStage = 'RELEASE' | 'TEST' | 'PRE';

export interface AliyunApiGatewayCredentials {
	authType: AliyunAuthType;
	appCode?: string;
	appKey?: string;
	appSecret?: string;
	baseUrl: string;
	stage?: AliyunStage;
}

/** The per-request values of a signature: injectable so tests can replay recorded requests. */
export interface SignatureNonce {
	timestamp: string;
	nonce: string;
}

type Headers = Record<string, string>;

function stringifyHeaders(headers: IDataObject | undefined): Headers {
	const result: Headers = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value !== undefined && value !== null) result[name] = String(value);
	}
	return result;
}

function isAbsoluteUrl(url: string): boolean {
	return /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url);
}

/** Joins baseURL and url the way axios does (a base path is kept, not replaced). */
export function resolveRequestUrl(url: string, baseURL?: string): URL {
	if (isAbsoluteUrl(url) || !baseURL) return new URL(url);
	return new URL(`${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`);
}

function appendQuery(target: URL, qs: IDataObject | undefined): void {
	const extra = encodeForm(qs ?? {});
	if (extra !== '') target.search = target.search ? `${target.search}&${extra}` : `?${extra}`;
}

/** Encodes a body the way it will be sent: form bodies as `a=1&b=2`, others as JSON. */
export function encodeBody(
	body: IHttpRequestOptions['body'],
	contentType: string,
): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body;
	if (body instanceof URLSearchParams) return encodeFormPairs(body);
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (!isFormContentType(contentType)) return JSON.stringify(body);
	return encodeForm(body as IDataObject);
}

/** A request made ready to send: everything that is signed is fixed here. */
export interface PreparedRequest {
	options: IHttpRequestOptions;
	headers: Headers;
	url: URL;
	body: string | undefined;
}

export function prepareWireRequest(
	requestOptions: IHttpRequestOptions,
	stage: AliyunStage,
): PreparedRequest {
	const headers = stringifyHeaders(requestOptions.headers);
	if (getHeader(headers, 'Accept') === undefined) setHeader(headers, 'Accept', DEFAULT_ACCEPT);
	const method = (requestOptions.method ?? 'GET').toUpperCase();
	const hasBody = requestOptions.body !== undefined || method === 'POST' || method === 'PUT';
	if (hasBody && getHeader(headers, 'Content-Type') === undefined) {
		setHeader(headers, 'Content-Type', DEFAULT_CONTENT_TYPE);
	}
	setHeader(headers, 'X-Ca-Stage', stage);

	const url = resolveRequestUrl(requestOptions.url, requestOptions.baseURL);
	appendQuery(url, requestOptions.qs);
	const body = encodeBody(requestOptions.body, getHeader(headers, 'Content-Type') ?? '');

	const options: IHttpRequestOptions = {
		...requestOptions,
		url: url.toString(),
		method: method as IHttpRequestOptions['method'],
		headers,
		body: body ?? (hasBody ? '' : undefined),
	};
	delete options.baseURL;
	delete options.qs;
	return { options, headers, url, body };
}

/** Adds `Authorization: APPCODE <code>`. */
export function addAppCode(prepared: PreparedRequest, appCode: string): IHttpRequestOptions {
	setHeader(prepared.headers, 'Authorization', `APPCODE ${appCode}`);
	return prepared.options;
}

/** Adds the digest-signature headers; returns the signed request and what was signed. */
export function addSignature(
	prepared: PreparedRequest,
	credentials: { appKey: string; appSecret: string },
	{ timestamp, nonce }: SignatureNonce,
): { options: IHttpRequestOptions; signature: SignatureResult } {
	const { headers, url, body } = prepared;
	const method = (prepared.options.method ?? 'GET').toUpperCase();
	const contentType = getHeader(headers, 'Content-Type');
	if (contentType !== undefined && !isFormContentType(contentType) && method !== 'GET') {
		setHeader(headers, 'Content-MD5', contentMd5(body ?? ''));
	}
	setHeader(headers, 'X-Ca-Key', credentials.appKey);
	setHeader(headers, 'X-Ca-Timestamp', timestamp);
	setHeader(headers, 'X-Ca-Nonce', nonce);

	const signature = signWireRequest(
		{ method, pathAndQuery: url.pathname + url.search, headers, body },
		credentials,
	);
	setHeader(headers, 'X-Ca-Signature-Headers', signature.signedHeaderNames.join(','));
	setHeader(headers, 'X-Ca-Signature', signature.signature);
	return { options: prepared.options, signature };
}
