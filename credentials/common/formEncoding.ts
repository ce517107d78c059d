/**
 * `application/x-www-form-urlencoded` encoding, the one encoder the package uses, for the
 * node's own bodies, for the bodies the credential encodes and for query strings. It writes
 * what Aliyun's official SDK writes (Node's `querystring.stringify`): a space is `%20`, never
 * `+`. A `+` means a space only to some decoders, while `%20` means a space to every decoder,
 * so the gateway cannot read a different value from the one that was signed.
 */
import type { IDataObject } from 'n8n-workflow';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
/** What the node sends and what the API's page asks for. */
export const DEFAULT_CONTENT_TYPE = `${FORM_CONTENT_TYPE}; charset=UTF-8`;

export function isFormContentType(contentType: string | undefined): boolean {
	return (contentType ?? '').toLowerCase().startsWith(FORM_CONTENT_TYPE);
}

/** How array values are written: `a=1&a=2`, `a[]=1&a[]=2`, `a[0]=1&a[1]=2` or `a=1,2`. */
export type ArrayFormat = 'repeat' | 'brackets' | 'indices' | 'comma';

export function encodeFormValue(value: string): string {
	return encodeURIComponent(value);
}

/**
 * `field=<base64 of bytes>` as form bytes, for images. Of base64's characters only `+` means
 * something else in a form (a space), so only `+` is escaped: `/` and `=` decode to themselves
 * in every form parser (WHATWG URLSearchParams, Node's querystring, Java's URLDecoder, PHP), so
 * the API reads the same value as with encodeFormValue, for much less CPU on a large image
 * (figures in docs: README, Performance). The text is ASCII, so latin1 bytes are exact.
 */
export function encodeBase64FormField(field: string, bytes: Buffer): Buffer {
	const value = bytes.toString('base64').replaceAll('+', '%2B');
	return Buffer.from(`${encodeFormValue(field)}=${value}`, 'latin1');
}

/** `key=value&…` from pairs, in their order (a key may repeat). */
export function encodeFormPairs(pairs: Iterable<[string, string]>): string {
	const encoded: string[] = [];
	for (const [key, value] of pairs)
		encoded.push(`${encodeFormValue(key)}=${encodeFormValue(value)}`);
	return encoded.join('&');
}

function isPlainObject(value: unknown): value is IDataObject {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

/** Flattens fields to pairs: arrays by `arrayFormat`, nested objects as `a[b]`, as `qs` does. */
function fieldPairs(
	fields: IDataObject,
	arrayFormat: ArrayFormat,
	prefix = '',
): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const [name, value] of Object.entries(fields)) {
		const key = prefix ? `${prefix}[${name}]` : name;
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) {
			const values = value.filter((single) => single !== undefined && single !== null).map(String);
			if (arrayFormat === 'comma') pairs.push([key, values.join(',')]);
			else {
				values.forEach((single, index) => {
					const arrayKey =
						arrayFormat === 'brackets'
							? `${key}[]`
							: arrayFormat === 'indices'
								? `${key}[${index}]`
								: key;
					pairs.push([arrayKey, single]);
				});
			}
		} else if (isPlainObject(value)) {
			pairs.push(...fieldPairs(value, arrayFormat, key));
		} else {
			pairs.push([key, String(value)]);
		}
	}
	return pairs;
}

/** `key=value&…` in the fields' order; undefined and null are left out; arrays repeat their key by default. */
export function encodeForm(fields: IDataObject, arrayFormat: ArrayFormat = 'repeat'): string {
	return encodeFormPairs(fieldPairs(fields, arrayFormat));
}
