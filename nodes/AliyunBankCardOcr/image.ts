/**
 * One image, checked and encoded: recognises the file by its first bytes (never by name or
 * MIME type, which lie), catches what the API would refuse before anything is sent (and so
 * before anything is billed), and writes the form body. Pure.
 */
import { encodeBase64FormField, encodeForm } from '../../credentials/common/formEncoding';
import { localFailure } from './failureRules';
import { type ImageOrigin, type OcrFailure, RET_CODE } from './types';

/** The formats the API reads, and how the messages name them. */
export type ImageFormat = 'jpeg' | 'png' | 'bmp';
export const ACCEPTED_FORMATS_TEXT = 'JPEG, PNG or BMP';

/**
 * The encoded form body, or the local failure that stops the image from being sent. The body
 * is bytes: form encoding is ASCII, so a latin1 copy is exact, and it spares n8n's HTTP client
 * a UTF-8 conversion of the whole image per request.
 */
export type PreparedImage = { body: Buffer } | { failure: OcrFailure };

function formBytes(fields: Record<string, string>): Buffer {
	return Buffer.from(encodeForm(fields), 'latin1');
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
	if (bytes.length < offset + signature.length) return false;
	return signature.every((byte, index) => bytes[offset + index] === byte);
}

export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
	return undefined;
}

/** Image formats the API does not read, which a user can convert. */
function otherImageFormat(bytes: Uint8Array): string | undefined {
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'a GIF image';
	if (
		startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
		startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
	) {
		return 'a WebP image';
	}
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
		return 'a TIFF image';
	}
	return undefined;
}

/** What a file that is not an accepted image seems to be, for the error message. */
export function describeNonImage(bytes: Uint8Array): string {
	const otherImage = otherImageFormat(bytes);
	if (otherImage) return otherImage;
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'a PDF document';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive or Office document';
	if (startsWith(bytes, [0x00, 0x00, 0x00]) && startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
		return 'a HEIC/HEIF photo or video';
	}
	const sample = bytes.subarray(0, 512);
	const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
	if (sample.length > 0 && printable.length / sample.length > 0.95) return 'a text file';
	return 'a file of unknown type';
}

export function formatBytes(size: number): string {
	if (size < 1024) return `${size} B`;
	if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
	return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

export function describeOrigin(origin: ImageOrigin): string {
	if (origin.source === 'binary') {
		const name = origin.fileName ? `"${origin.fileName}" ` : '';
		return `The file ${name}in binary field "${origin.binaryField ?? ''}"`;
	}
	if (origin.source === 'url') return 'The image at the URL';
	return 'The base64 image';
}

/** The size check alone, for when the size is known before the bytes are read. */
export function checkImageSize(
	size: number,
	origin: ImageOrigin,
	maxBytes: number,
): OcrFailure | undefined {
	if (maxBytes <= 0 || size <= maxBytes) return undefined;
	return localFailure(
		RET_CODE.tooLarge,
		`${describeOrigin(origin)} is ${formatBytes(size)}, more than Max Image Size (${formatBytes(maxBytes)}): compress or resize it, or raise Max Image Size.`,
	);
}

/** The local checks on an image's bytes: not empty, not too large, a format the API reads. */
export function checkImageBytes(
	bytes: Buffer,
	origin: ImageOrigin,
	maxBytes: number,
): OcrFailure | undefined {
	const what = describeOrigin(origin);
	if (bytes.length === 0)
		return localFailure(
			RET_CODE.badParameter,
			`${what} is empty: send a photo or scan of the card.`,
		);
	const tooLarge = checkImageSize(bytes.length, origin, maxBytes);
	if (tooLarge) return tooLarge;
	if (detectImageFormat(bytes) === undefined) {
		const advice = otherImageFormat(bytes)
			? "convert it to JPEG or PNG first (e.g. with n8n's Edit Image node)"
			: 'send a photo or scan of the card';
		return localFailure(
			RET_CODE.badFormat,
			`${what} is ${describeNonImage(bytes)}, and the API reads only ${ACCEPTED_FORMATS_TEXT} images: ${advice}.`,
		);
	}
	return undefined;
}

/** Checks an image's bytes, then writes its `img_base64` form body. */
export function imageBody(bytes: Buffer, origin: ImageOrigin, maxBytes: number): PreparedImage {
	const failure = checkImageBytes(bytes, origin, maxBytes);
	return failure ? { failure } : { body: encodeBase64FormField('img_base64', bytes) };
}

/** Decodes a base64 image, with or without a `data:…;base64,` prefix, URL-safe or not. */
export function decodeBase64Image(value: string): Buffer | undefined {
	const payload = value
		.trim()
		.replace(/^data:[^,]*;base64,/i, '')
		.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload)) return undefined;
	return Buffer.from(payload, 'base64');
}

/** Decodes, checks and encodes an image given as a base64 string. */
export function base64ImageBody(
	value: string,
	origin: ImageOrigin,
	maxBytes: number,
): PreparedImage {
	const bytes = decodeBase64Image(value);
	if (bytes === undefined) {
		const message =
			'The base64 string has characters that base64 does not use: pass the plain base64 of the image, with or without a data:image/…;base64, prefix.';
		return { failure: localFailure(RET_CODE.badFormat, message) };
	}
	return imageBody(bytes, origin, maxBytes);
}

/** The `img_url` form body: the API downloads the image itself. */
export function imageUrlBody(url: string): PreparedImage {
	return { body: formBytes({ img_url: url }) };
}
