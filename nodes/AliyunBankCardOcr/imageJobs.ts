/**
 * From input items to image jobs, one per image (one per card), with the checks that need
 * only the item: a missing binary field, an empty or malformed URL, an empty string. The
 * checks of the image itself are image.ts's, made when the image is sent. Pure.
 */
import type { IBinaryKeyData } from 'n8n-workflow';

import { localFailure } from './failureRules';
import { TOOL_BINARY_MESSAGE } from './toolMode';
import { type ImageJob, type ImageOrigin, RET_CODE } from './types';

/** A job before its item's settings are attached. */
export type JobDraft = Omit<ImageJob, 'settings'>;

/** Half of a UTF-16 pair on its own (in `u` mode a whole pair is one character, not matched). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/** What a parameter value is, for a message that says what the expression gave. */
function describeValue(value: unknown): string {
	if (Array.isArray(value)) return `a list of ${value.length} values`;
	if (value === null) return 'null';
	return `a value of type ${typeof value}`;
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

/** `toolMode`: the node runs as an AI Agent's tool, which is given no files. */
export function binaryJobsForItem(
	itemIndex: number,
	fieldList: string,
	binary: IBinaryKeyData | undefined,
	toolMode = false,
): JobDraft[] {
	const available = Object.keys(binary ?? {});
	const fields = parseBinaryFieldList(fieldList, available);
	const listed = available.length > 0 ? available.join(', ') : 'none';

	if (toolMode && available.length === 0) {
		const failure = localFailure(RET_CODE.badParameter, TOOL_BINARY_MESSAGE);
		return [{ itemIndex, origin: { source: 'binary' }, failure }];
	}
	if (fields.length === 0) {
		const message =
			available.length === 0
				? 'The item has no binary data: connect a node that outputs files (e.g. an email trigger with attachments) or switch Image Source to Image URL or Base64 String.'
				: `Input Binary Field(s) is empty: set it to one of the item's binary fields (${listed}) or to *.`;
		return [
			{
				itemIndex,
				origin: { source: 'binary' },
				failure: localFailure(RET_CODE.badParameter, message),
			},
		];
	}

	return fields.map((field) => {
		// Own fields only: `constructor` or `__proto__` is a field name, not an object's method.
		const data =
			binary !== undefined && Object.prototype.hasOwnProperty.call(binary, field)
				? binary[field]
				: undefined;
		const origin: ImageOrigin = { source: 'binary', binaryField: field, fileName: data?.fileName };
		if (data === undefined) {
			const message = `The item has no binary field "${field}" (its binary fields: ${listed}): set Input Binary Field(s) to one of them, or to * for all.`;
			return { itemIndex, origin, failure: localFailure(RET_CODE.badParameter, message) };
		}
		return { itemIndex, origin };
	});
}

export function urlJobForItem(itemIndex: number, imageUrl: unknown): JobDraft {
	const value = typeof imageUrl === 'string' ? imageUrl.trim() : '';
	const origin: ImageOrigin = { source: 'url', imageUrl: value };
	const fail = (message: string): JobDraft => ({
		itemIndex,
		origin,
		failure: localFailure(RET_CODE.badParameter, message),
	});
	if (typeof imageUrl !== 'string' && imageUrl !== undefined && imageUrl !== null) {
		return fail(
			`The Image URL expression gave ${describeValue(imageUrl)}, not a link: make it give one URL per item (e.g. split a list into items first with the Split Out node).`,
		);
	}
	if (value === '') {
		return fail('The image URL is empty: check the Image URL expression and the column it reads.');
	}
	if (LONE_SURROGATE.test(value)) {
		// Half of an emoji or another character, as text cut at a fixed length leaves it.
		origin.imageUrl = value.replace(LONE_SURROGATES, '\uFFFD');
		return fail(
			`"${origin.imageUrl.slice(0, 100)}" has a broken character (half of an emoji or another symbol, as cut text leaves it): fix the link in the source data.`,
		);
	}
	let protocol = '';
	try {
		protocol = new URL(value).protocol;
	} catch {
		protocol = '';
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		return fail(
			`"${value.slice(0, 100)}" is not an http(s) URL: give a full link such as https://example.com/card.jpg.`,
		);
	}
	return { itemIndex, origin, value };
}

export function base64JobForItem(itemIndex: number, base64String: unknown): JobDraft {
	const value = typeof base64String === 'string' ? base64String : '';
	const origin: ImageOrigin = { source: 'base64' };
	if (typeof base64String !== 'string' && base64String !== undefined && base64String !== null) {
		const message = `The Base64 String expression gave ${describeValue(base64String)}, not text: make it give the image's base64 string.`;
		return { itemIndex, origin, failure: localFailure(RET_CODE.badParameter, message) };
	}
	if (value.trim() === '') {
		const message =
			'The base64 string is empty: check the Base64 String expression and the column it reads.';
		return { itemIndex, origin, failure: localFailure(RET_CODE.badParameter, message) };
	}
	return { itemIndex, origin, value };
}
