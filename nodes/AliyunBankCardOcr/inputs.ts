/**
 * From input items to image jobs (one per image: one per card), and the local checks that
 * catch bad input before anything is sent, and so before anything is billed. Pure.
 */
import type { IBinaryKeyData } from 'n8n-workflow';

import { describeNonImage, detectImageFormat, formatBytes } from './imageFormat';
import type { OcrFailure } from './types';

export type ImageSourceKind = 'binary' | 'url' | 'base64';

/** Where one image came from; this is copied onto its output item. */
export interface ImageOrigin {
	source: ImageSourceKind;
	binaryField?: string;
	fileName?: string;
	imageUrl?: string;
}

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

export function localFailure(retCode: number, message: string): OcrFailure {
	return { ok: false, retCode, source: 'local', message, transient: false, fatal: false };
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
		const message = 'The image URL is empty: check the Image URL expression and the column it reads.';
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

export function base64JobForItem(itemIndex: number, base64String: unknown): Omit<ImageJob, 'index'> {
	const value = typeof base64String === 'string' ? base64String : '';
	const origin: ImageOrigin = { source: 'base64' };
	if (value.trim() === '') {
		const message = 'The base64 string is empty: check the Base64 String expression and the column it reads.';
		return { itemIndex, origin, failure: localFailure(10, message) };
	}
	return { itemIndex, origin, value };
}

/** Decodes a base64 image, with or without a `data:…;base64,` prefix, URL-safe or not. */
export function decodeBase64Image(value: string): Buffer | undefined {
	const payload = value.trim().replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload)) return undefined;
	return Buffer.from(payload, 'base64');
}

/** The local checks on an image's bytes: not empty, an image, not too large. */
export function checkImageBytes(
	bytes: Buffer,
	origin: ImageOrigin,
	maxBytes: number,
): OcrFailure | undefined {
	const what = describeOrigin(origin);
	if (bytes.length === 0) {
		return localFailure(10, `${what} is empty: send a photo or scan of the card.`);
	}
	const tooLarge = checkImageSize(bytes.length, origin, maxBytes);
	if (tooLarge) return tooLarge;
	if (detectImageFormat(bytes) === undefined) {
		return localFailure(
			20,
			`${what} is ${describeNonImage(bytes)}, not an image: send a JPEG, PNG or BMP photo of the card.`,
		);
	}
	return undefined;
}

/** The size check alone, for when the size is known before the bytes are read. */
export function checkImageSize(size: number, origin: ImageOrigin, maxBytes: number): OcrFailure | undefined {
	if (maxBytes <= 0 || size <= maxBytes) return undefined;
	return localFailure(
		50,
		`${describeOrigin(origin)} is ${formatBytes(size)}, more than Max Image Size (${formatBytes(maxBytes)}): compress or resize it, or raise Max Image Size.`,
	);
}

export function describeOrigin(origin: ImageOrigin): string {
	if (origin.source === 'binary') {
		const name = origin.fileName ? `"${origin.fileName}" ` : '';
		return `The file ${name}in binary field "${origin.binaryField ?? ''}"`;
	}
	if (origin.source === 'url') return 'The image at the URL';
	return 'The base64 image';
}

/** The form body for one image: `img_base64=…` or `img_url=…`, already encoded. */
export function formBody(field: 'img_base64' | 'img_url', value: string): string {
	return `${field}=${encodeURIComponent(value)}`;
}
