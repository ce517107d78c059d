/**
 * Prepares an n8n request for the Aliyun API Gateway: it fixes what will go on the wire
 * (Accept, Content-Type, the encoded body, the query string folded into the URL) so that what
 * is signed is exactly what is sent, then adds the AppCode header or the digest signature.
 *
 * n8n hands a credential's `authenticate` two request shapes: IHttpRequestOptions (node
 * helpers such as httpRequestWithAuthentication, and the credential test) and the legacy
 * IRequestOptions (the HTTP Request node, through requestWithAuthentication: `uri`, `qs`,
 * `form`, `formData`, `body` + `json`). Both are read here, and the prepared request is one
 * that either of n8n's HTTP clients sends unchanged: an absolute `url` (and `uri`), no `qs`,
 * `form` or `baseURL`, a text or Buffer body and explicit headers.
 */
import { type IDataObject, type IHttpRequestOptions, UserError } from 'n8n-workflow';

import { contentMd5, signWireRequest, type SignatureResult } from './aliyunSignature';
import { type ArrayFormat, encodeForm, isFormContentType } from './formEncoding';
import { deleteHeader, findHeaderName, getHeader, setHeader } from './headers';
import { encodeWireBody, type WireBody } from './wireBody';

export const DEFAULT_ACCEPT = 'application/json';

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

/** The fields of n8n's legacy request shape that IHttpRequestOptions does not have. */
interface LegacyRequestFields {
	uri?: string;
	form?: IDataObject | string;
	formData?: unknown;
	qsStringifyOptions?: { arrayFormat: 'repeat' | 'brackets' | 'indices' };
	useQuerystring?: boolean;
}

/** Either request shape n8n hands `authenticate` (see the top of this file). */
export type GatewayRequestOptions = Omit<IHttpRequestOptions, 'url'> &
	LegacyRequestFields & { url?: string };

type Headers = Record<string, string>;

/**
 * The headers as the HTTP client sends them, so that what is signed is what is sent: values
 * trimmed, and one name written twice in different case folded into one, the last value
 * winning under the first spelling (as axios does).
 */
function stringifyHeaders(headers: IDataObject | undefined): Headers {
	const result: Headers = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		result[findHeaderName(result, name) ?? name] = String(value).trim();
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

/**
 * How the request writes array values in its query, as n8n's clients would: the node helpers'
 * `arrayFormat`; the legacy `qsStringifyOptions` or `useQuerystring`; else axios's brackets.
 */
function queryArrayFormat(options: GatewayRequestOptions): ArrayFormat {
	if (options.arrayFormat) return options.arrayFormat;
	if (options.qsStringifyOptions?.arrayFormat) return options.qsStringifyOptions.arrayFormat;
	if (options.useQuerystring === true) return 'repeat';
	if (options.useQuerystring === false) return 'indices';
	return 'brackets';
}

function appendQuery(target: URL, qs: IDataObject | undefined, arrayFormat: ArrayFormat): void {
	const extra = encodeForm(qs ?? {}, arrayFormat);
	if (extra !== '') target.search = target.search ? `${target.search}&${extra}` : `?${extra}`;
}

/** A request made ready to send: everything that is signed is fixed here. */
export interface PreparedRequest {
	options: IHttpRequestOptions;
	headers: Headers;
	url: URL;
	body: WireBody | undefined;
}

export async function prepareWireRequest(
	requestOptions: GatewayRequestOptions,
	stage: AliyunStage,
): Promise<PreparedRequest> {
	const headers = stringifyHeaders(requestOptions.headers);
	if (getHeader(headers, 'Accept') === undefined) setHeader(headers, 'Accept', DEFAULT_ACCEPT);
	setHeader(headers, 'X-Ca-Stage', stage);
	const method = (requestOptions.method ?? 'GET').toUpperCase() as IHttpRequestOptions['method'] &
		string;

	const target = requestOptions.uri ?? requestOptions.url;
	if (!target)
		throw new UserError('The request has no URL: set the URL (or the Base URL and a path).');
	const url = resolveRequestUrl(String(target).trim(), requestOptions.baseURL?.trim());
	appendQuery(url, requestOptions.qs, queryArrayFormat(requestOptions));

	const { body, defaultContentType } = await encodeWireBody({
		method,
		contentType: getHeader(headers, 'Content-Type'),
		body: requestOptions.body,
		form: requestOptions.form,
		formData: requestOptions.formData,
	});
	if (defaultContentType && getHeader(headers, 'Content-Type') === undefined) {
		setHeader(headers, 'Content-Type', defaultContentType);
	}
	if (body === undefined) {
		// No body goes out (n8n drops it for GET, HEAD and OPTIONS), so nothing about one is
		// sent or signed.
		deleteHeader(headers, 'Content-Type');
		deleteHeader(headers, 'Content-MD5');
	}

	const options = {
		...requestOptions,
		url: url.toString(),
		method,
		headers,
		body,
	} as GatewayRequestOptions;
	if (requestOptions.uri !== undefined) options.uri = options.url;
	// n8n's HTTP clients re-send a request's credentials on a redirect to another origin
	// unless told not to; an AppCode or a signature is for the gateway's host alone.
	options.sendCredentialsOnCrossOriginRedirect = false;
	for (const key of [
		'baseURL',
		'qs',
		'form',
		'formData',
		'qsStringifyOptions',
		'useQuerystring',
		'arrayFormat',
	] as const) {
		delete options[key];
	}
	return { options: options as IHttpRequestOptions, headers, url, body };
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
	const isForm = isFormContentType(getHeader(headers, 'Content-Type'));
	if (body !== undefined && !isForm) setHeader(headers, 'Content-MD5', contentMd5(body));
	setHeader(headers, 'X-Ca-Key', credentials.appKey);
	setHeader(headers, 'X-Ca-Timestamp', timestamp);
	setHeader(headers, 'X-Ca-Nonce', nonce);

	// The signature reads a form's fields; form encoding is ASCII, so bytes decode as they were.
	const formBody = isForm && body !== undefined ? body.toString() : undefined;
	const signature = signWireRequest(
		{ method, pathAndQuery: url.pathname + url.search, headers, body: formBody },
		credentials,
	);
	setHeader(headers, 'X-Ca-Signature-Headers', signature.signedHeaderNames.join(','));
	setHeader(headers, 'X-Ca-Signature', signature.signature);
	return { options: prepared.options, signature };
}
