/**
 * The body of a request for the Aliyun API Gateway, fixed before it is signed: every body
 * shape n8n hands a credential (a form object or string, a JSON object, text, a Buffer, a
 * stream, URLSearchParams) becomes the exact bytes that will be sent, with its Content-Type.
 * Multipart bodies are refused: the gateway does not accept them ("Unsupported Multipart").
 */
import { type IDataObject, UserError } from 'n8n-workflow';

import {
	DEFAULT_CONTENT_TYPE,
	encodeForm,
	encodeFormPairs,
	isFormContentType,
} from './formEncoding';
export const JSON_CONTENT_TYPE = 'application/json';
const OCTET_STREAM = 'application/octet-stream';

export const MULTIPART_REFUSED =
	'Aliyun API Gateway does not accept multipart/form-data bodies (it answers "Unsupported Multipart"), so this request was not sent: use Body Content Type "Form Urlencoded" for fields, and send a file as base64 in a form field (e.g. img_base64) or as a raw or binary body.';

/** A form body is text or bytes (its fields are read for the signature); any other body is bytes. */
export type WireBody = string | Buffer;

/** The body options of both request shapes n8n uses (node helpers and the legacy one). */
export interface BodySource {
	method: string;
	contentType: string | undefined;
	body?: unknown;
	/** Legacy requests: `form` (urlencoded) and `formData` (multipart). */
	form?: unknown;
	formData?: unknown;
}

/**
 * The Content-Type of a body that has none, as n8n would send it: an object is JSON (axios
 * serializes it so), bytes are octet-stream; text, URLSearchParams and no body are a form,
 * the gateway's usual body.
 */
function defaultContentTypeOf(raw: unknown): string {
	if (Buffer.isBuffer(raw) || isReadable(raw)) return OCTET_STREAM;
	if (typeof raw === 'object' && raw !== null && !(raw instanceof URLSearchParams))
		return JSON_CONTENT_TYPE;
	return DEFAULT_CONTENT_TYPE;
}

/** Methods whose body n8n drops before sending, so nothing of it may be signed either. */
const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

function isMultipart(value: unknown): boolean {
	if (typeof value !== 'object' || value === null) return false;
	if (typeof FormData !== 'undefined' && value instanceof FormData) return true;
	return typeof (value as { getHeaders?: unknown }).getHeaders === 'function';
}

function isReadable(value: unknown): value is AsyncIterable<Buffer | string> {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { pipe?: unknown }).pipe === 'function' &&
		Symbol.asyncIterator in value
	);
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream)
		chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	return Buffer.concat(chunks);
}

export interface EncodedBody {
	body: WireBody | undefined;
	/** The Content-Type to send, when the request did not set one. */
	defaultContentType: string | undefined;
}

/** Turns a request's body into what goes on the wire; throws on a multipart body. */
export async function encodeWireBody(source: BodySource): Promise<EncodedBody> {
	const { contentType } = source;
	if (
		source.formData !== undefined ||
		isMultipart(source.body) ||
		/multipart\//i.test(contentType ?? '')
	) {
		throw new UserError(MULTIPART_REFUSED);
	}
	if (METHODS_WITHOUT_BODY.has(source.method))
		return { body: undefined, defaultContentType: undefined };

	const fromForm = source.form !== undefined && source.body === undefined;
	const raw = fromForm ? source.form : source.body;
	const defaultType = fromForm ? DEFAULT_CONTENT_TYPE : defaultContentTypeOf(raw);
	const asForm = isFormContentType(contentType ?? defaultType);

	let body: WireBody | undefined;
	if (raw === undefined || raw === null) body = undefined;
	else if (typeof raw === 'string' || Buffer.isBuffer(raw)) body = raw;
	else if (raw instanceof URLSearchParams) body = encodeFormPairs(raw);
	else if (isReadable(raw)) body = await readAll(raw);
	else if (typeof raw === 'object')
		body = asForm ? encodeForm(raw as IDataObject) : JSON.stringify(raw);
	else body = String(raw);

	// Non-form text goes as bytes: n8n's HTTP client would otherwise re-serialize a string it
	// takes for JSON (trimmed, or quoted), and the Content-MD5 would no longer match.
	if (typeof body === 'string' && !asForm) body = Buffer.from(body, 'utf8');
	const hasBody = body !== undefined || source.method === 'POST' || source.method === 'PUT';
	return {
		body: body ?? (hasBody ? '' : undefined),
		defaultContentType: hasBody ? defaultType : undefined,
	};
}
