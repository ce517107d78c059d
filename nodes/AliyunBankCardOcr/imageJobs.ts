/**
 * From input items to image jobs, one per image (one per card), with the checks that need
 * only the item: a missing binary field, an empty or malformed URL, an empty string. The
 * checks of the image itself are image.ts's, made when the image is sent. Pure.
 */
import type { IBinaryKeyData } from 'n8n-workflow';

import { localFailure } from './failureRules';
import type { ImageOrigin, OcrFailure } from './types';

export interface ImageJob {
	/** Position in the node's output order. */
	index: number;
	itemIndex: number;
	origin: ImageOrigin;
	/** Set when the job already failed a local check: it is never sent. */
	failure?: OcrFailure;
	/** The raw parameter value of the URL or base64 source. */
	value?: string;
}

/** `data`, `a, b` or `*` (every binary field, in the item's order) → field names. */
export function parseBinaryFieldList(value: string, available: string[]): string[] {
	const names = value
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	const expanded = names.flatMap((name) => (name === '*' ? available : [name]));
	return [...new Set(expanded)];
}

export function binaryJobsForItem(
	itemIndex: number,
	fieldList: string,
	binary: IBinaryKeyData | undefined,
): Array<Omit<ImageJob, 'index'>> {
	const available = Object.keys(binary ?? {});
	const fields = parseBinaryFieldList(fieldList, available);
	const listed = available.length > 0 ? available.join(', ') : 'none';

	if (fields.length === 0) {
		const message =
			available.length === 0
				? 'The item has no binary data: connect a node that outputs files (e.g. an email trigger with attachments) or switch Image Source to Image URL or Base64 String.'
				: `Input Binary Field(s) is empty: set it to one of the item's binary fields (${listed}) or to *.`;
		return [{ itemIndex, origin: { source: 'binary' }, failure: localFailure(10, message) }];
	}

	return fields.map((field) => {
		const data = binary?.[field];
		const origin: ImageOrigin = { source: 'binary', binaryField: field, fileName: data?.fileName };
		if (data === undefined) {
			const message = `The item has no binary field "${field}" (its binary fields: ${listed}): set Input Binary Field(s) to one of them, or to * for all.`;
			return { itemIndex, origin, failure: localFailure(10, message) };
		}
		return { itemIndex, origin };
	});
}

export function urlJobForItem(itemIndex: number, imageUrl: unknown): Omit<ImageJob, 'index'> {
	const value = typeof imageUrl === 'string' ? imageUrl.trim() : '';
	const origin: ImageOrigin = { source: 'url', imageUrl: value };
	if (value === '') {
		const message =
			'The image URL is empty: check the Image URL expression and the column it reads.';
		return { itemIndex, origin, failure: localFailure(10, message) };
	}
	let protocol = '';
	try {
		protocol = new URL(value).protocol;
	} catch {
		protocol = '';
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		const message = `"${value.slice(0, 100)}" is not an http(s) URL: give a full link such as https://example.com/card.jpg.`;
		return { itemIndex, origin, failure: localFailure(10, message) };
	}
	return { itemIndex, origin, value };
}

export function base64JobForItem(
	itemIndex: number,
	base64String: unknown,
): Omit<ImageJob, 'index'> {
	const value = typeof base64String === 'string' ? base64String : '';
	const origin: ImageOrigin = { source: 'base64' };
	if (value.trim() === '') {
		const message =
			'The base64 string is empty: check the Base64 String expression and the column it reads.';
		return { itemIndex, origin, failure: localFailure(10, message) };
	}
	return { itemIndex, origin, value };
}
