/**
 * `application/x-www-form-urlencoded` encoding, the one encoder the package uses, for the
 * node's own bodies and for the bodies the credential encodes. It writes what Aliyun's
 * official SDK writes (Node's `querystring.stringify`): a space is `%20`, never `+`. A `+`
 * means a space only to some form decoders, while `%20` means a space to every decoder, so
 * the gateway cannot read a different value from the one that was signed.
 */
import type { IDataObject } from 'n8n-workflow';

export function encodeFormValue(value: string): string {
	return encodeURIComponent(value);
}

/** `key=value&…` from pairs, in their order (a key may repeat). */
export function encodeFormPairs(pairs: Iterable<[string, string]>): string {
	const encoded: string[] = [];
	for (const [key, value] of pairs) encoded.push(`${encodeFormValue(key)}=${encodeFormValue(value)}`);
	return encoded.join('&');
}

/** `key=value&…` in the fields' order; an array repeats its key; undefined and null are left out. */
export function encodeForm(fields: IDataObject): string {
	const pairs: Array<[string, string]> = [];
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null) continue;
		const values = Array.isArray(value) ? value : [value];
		for (const single of values) pairs.push([key, String(single)]);
	}
	return encodeFormPairs(pairs);
}
