/** Recognises image files by their first bytes (never by name or MIME type, which lie). */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp' | 'tiff';

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
	if (bytes.length < offset + signature.length) return false;
	return signature.every((byte, index) => bytes[offset + index] === byte);
}

export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
	if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
		return 'webp';
	}
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
		return 'tiff';
	}
	return undefined;
}

/** A few words on what a non-image file seems to be, for the error message. */
export function describeNonImage(bytes: Uint8Array): string {
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'a PDF document';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive or Office document';
	if (startsWith(bytes, [0x00, 0x00, 0x00]) && startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
		return 'a HEIC/HEIF photo or video';
	}
	const sample = bytes.subarray(0, 512);
	const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
	if (sample.length > 0 && printable.length / sample.length > 0.95) return 'a text file';
	return 'not a known image format';
}

export function formatBytes(size: number): string {
	if (size < 1024) return `${size} B`;
	if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
	return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
