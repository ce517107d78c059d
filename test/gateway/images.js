// @ts-check
/**
 * Test card images: real PNG and JPEG files of a drawn (fake) bank card. Each carries what
 * the stand-in vendor should "read" from it as a metadata comment, so OCR is deterministic:
 * `bankcard-ocr-test:{"card_num":"…","card_type":"…","bank_name":"…"}` or `{"ret_code":60}`.
 * All card numbers are made up.
 */
const zlib = require('zlib');
const jpeg = require('jpeg-js');

const MARKER = 'bankcard-ocr-test:';

/** JSON with every non-ASCII character escaped, so the marker survives a latin1 scan. @param {unknown} value */
function asciiJson(value) {
	return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => {
		return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
	});
}

/** @param {number} width @param {number} height @param {number} seed @returns {Buffer} RGBA pixels of a card */
function drawCard(width, height, seed) {
	const pixels = Buffer.alloc(width * height * 4);
	const hue = (seed * 47) % 255;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			// Colours change by row band only, so the PNGs compress well (a few KB).
			let rgb = [30 + (hue % 60), 70 + Math.floor((y * 60) / height), 150 + (hue % 50)];
			const chip = x > width * 0.1 && x < width * 0.25 && y > height * 0.35 && y < height * 0.55;
			const digits = y > height * 0.68 && y < height * 0.78 && x > width * 0.1 && x < width * 0.9;
			if (chip) rgb = [212, 175, 55];
			else if (digits && Math.floor(x / 6) % 5 !== 4) rgb = [240, 240, 240];
			pixels[i] = rgb[0];
			pixels[i + 1] = rgb[1];
			pixels[i + 2] = rgb[2];
			pixels[i + 3] = 255;
		}
	}
	return pixels;
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** @param {Buffer} bytes */
function crc32(bytes) {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/**
 * @param {object} ocr what the vendor should read
 * @param {{width?: number, height?: number, seed?: number, padBytes?: number}} [options]
 */
function makePng(ocr, options = {}) {
	const { width = 320, height = 200, seed = 1, padBytes = 0 } = options;
	const rgba = drawCard(width, height, seed);
	const raw = Buffer.alloc((width * 4 + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (width * 4 + 1)] = 0;
		rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 6, 0, 0, 0], 8);
	const text = Buffer.from(`Comment\0${MARKER}${asciiJson(ocr)}`, 'latin1');
	const chunks = [
		pngChunk('IHDR', header),
		pngChunk('tEXt', text),
		pngChunk('IDAT', zlib.deflateSync(raw)),
	];
	// Random-looking filler in a private ancillary chunk makes files of a chosen size.
	if (padBytes > 0) chunks.push(pngChunk('paDd', fillerBytes(padBytes, seed)));
	chunks.push(pngChunk('IEND', Buffer.alloc(0)));
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/** @param {number} size @param {number} seed */
function fillerBytes(size, seed) {
	const bytes = Buffer.alloc(size);
	let state = (seed * 2654435761) >>> 0 || 1;
	for (let i = 0; i < size; i++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[i] = state & 0xff;
	}
	return bytes;
}

/**
 * @param {object} ocr what the vendor should read
 * @param {{width?: number, height?: number, seed?: number}} [options]
 */
function makeJpeg(ocr, options = {}) {
	const { width = 320, height = 200, seed = 2 } = options;
	const encoded = jpeg.encode({ data: drawCard(width, height, seed), width, height }, 80).data;
	const comment = Buffer.from(MARKER + asciiJson(ocr), 'latin1');
	const segment = Buffer.alloc(4);
	segment.writeUInt16BE(0xfffe, 0);
	segment.writeUInt16BE(comment.length + 2, 2);
	// The comment segment goes right after the SOI marker (FF D8).
	return Buffer.concat([encoded.subarray(0, 2), segment, comment, encoded.subarray(2)]);
}

/**
 * What the stand-in vendor reads from an image, or undefined when it carries no marker.
 * @param {Buffer} bytes
 * @returns {Record<string, unknown> | undefined}
 */
function readMarker(bytes) {
	const start = bytes.indexOf(MARKER, 0, 'latin1');
	if (start === -1) return undefined;
	const jsonStart = start + MARKER.length;
	const jsonEnd = bytes.indexOf('}', jsonStart, 'latin1');
	if (jsonEnd === -1) return undefined;
	try {
		return JSON.parse(bytes.subarray(jsonStart, jsonEnd + 1).toString('latin1'));
	} catch {
		return undefined;
	}
}

/** Appends the Luhn check digit to a string of digits. @param {string} body */
function withLuhnDigit(body) {
	let sum = 0;
	for (let i = 0; i < body.length; i++) {
		let digit = Number(body[body.length - 1 - i]);
		if (i % 2 === 0) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return body + String((10 - (sum % 10)) % 10);
}

module.exports = { MARKER, makePng, makeJpeg, readMarker, withLuhnDigit, fillerBytes };
