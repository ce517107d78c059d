import {
	ACCEPTED_FORMATS_TEXT,
	base64ImageBody,
	checkImageBytes,
	checkImageSize,
	decodeBase64Image,
	describeNonImage,
	detectImageFormat,
	formatBytes,
	imageBody,
	imageUrlBody,
} from '../../nodes/AliyunBankCardOcr/image';
import { VENDOR_MESSAGES } from '../../nodes/AliyunBankCardOcr/failureRules';
import { cardJpeg, cardPng, PDF_BYTES, TEXT_BYTES, testCard } from '../helpers/cards';

const bytes = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');
const GIF = Buffer.from('GIF89a....');
const WEBP = Buffer.concat([Buffer.from('RIFF'), bytes('00000000'), Buffer.from('WEBPVP8 ')]);
const TIFF_LE = bytes('4949 2a00 0800');
const TIFF_BE = bytes('4d4d 002a 0000');

describe('image format by content', () => {
	it.each([
		['a generated JPEG', cardJpeg(testCard(1)), 'jpeg'],
		['a generated PNG', cardPng(testCard(1)), 'png'],
		['BMP', bytes('424d 3600 0000'), 'bmp'],
		['GIF89a', GIF, undefined],
		['WEBP', WEBP, undefined],
		['TIFF little-endian', TIFF_LE, undefined],
		['TIFF big-endian', TIFF_BE, undefined],
		['a PDF', PDF_BYTES, undefined],
		['a text file', TEXT_BYTES, undefined],
		['an empty file', Buffer.alloc(0), undefined],
		[
			'a RIFF that is WAV',
			Buffer.concat([Buffer.from('RIFF'), bytes('00000000'), Buffer.from('WAVEfmt ')]),
			undefined,
		],
		['one byte of JPEG', bytes('ff'), undefined],
	])('%s → %p', (_name, content, format) => {
		expect(detectImageFormat(content)).toBe(format);
	});

	it.each([
		[GIF, 'a GIF image'],
		[WEBP, 'a WebP image'],
		[TIFF_LE, 'a TIFF image'],
		[TIFF_BE, 'a TIFF image'],
		[PDF_BYTES, 'a PDF document'],
		[TEXT_BYTES, 'a text file'],
		[bytes('504b0304 1400'), 'a ZIP archive or Office document'],
		[bytes('00000018 66747970 68656963'), 'a HEIC/HEIF photo or video'],
		[bytes('00 01 02 03 fe ff'), 'a file of unknown type'],
	])('describes a file the API does not read', (content, description) => {
		expect(describeNonImage(content)).toBe(description);
	});

	it('formats sizes', () => {
		expect(formatBytes(512)).toBe('512 B');
		expect(formatBytes(2048)).toBe('2.0 KB');
		expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
	});
});

describe('local image checks', () => {
	const origin = { source: 'binary' as const, binaryField: 'attachment_0', fileName: 'x' };
	it.each([
		[Buffer.alloc(0), 10, /is empty/],
		[
			PDF_BYTES,
			20,
			/is a PDF document, and the API reads only JPEG, PNG or BMP images: send a photo or scan/,
		],
		[TEXT_BYTES, 20, /is a text file, and the API reads only/],
		[GIF, 20, /is a GIF image, and the API reads only .*: convert it to JPEG or PNG/],
		[WEBP, 20, /is a WebP image, and the API reads only/],
		[TIFF_BE, 20, /is a TIFF image, and the API reads only/],
		[cardPng(testCard(1), 1, 3000), 50, /more than Max Image Size/],
	])('%#: ret_code %i', (content, retCode, message) => {
		const failure = checkImageBytes(content, origin, 2000);
		expect(failure).toMatchObject({ retCode, source: 'local', transient: false, fatal: false });
		expect(failure?.message).toMatch(message);
		expect(failure?.message).toContain('"attachment_0"');
	});

	it('passes every accepted format, and any size with no limit', () => {
		expect(checkImageBytes(cardPng(testCard(1)), origin, 0)).toBeUndefined();
		expect(checkImageBytes(cardJpeg(testCard(1)), origin, 0)).toBeUndefined();
		expect(checkImageBytes(bytes('424d 3600 0000'), origin, 0)).toBeUndefined();
		expect(checkImageSize(10 ** 9, origin, 0)).toBeUndefined();
		expect(checkImageSize(2001, origin, 2000)?.retCode).toBe(50);
	});

	it('names the same formats as the vendor ret_code 20 message', () => {
		expect(VENDOR_MESSAGES[20]).toContain(ACCEPTED_FORMATS_TEXT);
	});
});

describe('form bodies', () => {
	it('encode an image so + / = survive, as bytes', () => {
		const image = cardPng(testCard(3));
		const bodyText = (prepared: ReturnType<typeof imageBody>) =>
			'body' in prepared ? prepared.body.toString('latin1') : prepared;
		// Only `+` is escaped: the form decodes to the image's base64 exactly.
		const body = bodyText(imageBody(image, { source: 'base64' }, 0));
		expect(body).toBe(`img_base64=${image.toString('base64').replaceAll('+', '%2B')}`);
		expect(new URLSearchParams(String(body)).get('img_base64')).toBe(image.toString('base64'));
		expect(bodyText(imageUrlBody('http://x/?a=1&b=2 c'))).toBe(
			'img_url=http%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2%20c',
		);
	});

	it('a failed check gives the failure, not a body', () => {
		expect(imageBody(PDF_BYTES, { source: 'base64' }, 0)).toEqual({
			failure: expect.objectContaining({ retCode: 20 }),
		});
		expect(base64ImageBody('not base64!', { source: 'base64' }, 0)).toEqual({
			failure: expect.objectContaining({
				retCode: 20,
				message: expect.stringMatching(/characters that base64 does not use/),
			}),
		});
	});

	it('decodes base64 with or without a data: prefix, with line breaks, URL-safe', () => {
		const png = cardPng(testCard(2));
		const plain = png.toString('base64');
		expect(decodeBase64Image(plain)).toEqual(png);
		expect(decodeBase64Image(`data:image/png;base64,${plain}`)).toEqual(png);
		expect(decodeBase64Image(plain.replace(/(.{76})/g, '$1\n'))).toEqual(png);
		expect(decodeBase64Image(png.toString('base64url'))).toEqual(png);
		expect(decodeBase64Image('not base64!')).toBeUndefined();
	});
});

describe('the base64 form field', () => {
	it('decodes, in every standard form parser, to the value the general encoder gives', async () => {
		const { encodeBase64FormField, encodeForm } = await import(
			'../../credentials/common/formEncoding'
		);
		const querystring = await import('querystring');
		for (let size = 0; size < 200; size += 7) {
			const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 151 + size) % 256));
			const fast = encodeBase64FormField('img_base64', bytes).toString('latin1');
			const general = encodeForm({ img_base64: bytes.toString('base64') });
			expect(new URLSearchParams(fast).get('img_base64')).toBe(
				new URLSearchParams(general).get('img_base64'),
			);
			expect(querystring.parse(fast).img_base64).toBe(bytes.toString('base64'));
			expect(fast).not.toMatch(/\+/);
		}
	});
});
