import { describeNonImage, detectImageFormat, formatBytes } from '../../nodes/AliyunBankCardOcr/imageFormat';
import { cardJpeg, cardPng, PDF_BYTES, TEXT_BYTES, testCard } from '../helpers/cards';

const bytes = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');

describe('image format by content', () => {
	it.each([
		['a generated JPEG', cardJpeg(testCard(1)), 'jpeg'],
		['a generated PNG', cardPng(testCard(1)), 'png'],
		['GIF89a', Buffer.from('GIF89a....'), 'gif'],
		['BMP', bytes('424d 3600 0000'), 'bmp'],
		['WEBP', Buffer.concat([Buffer.from('RIFF'), bytes('00000000'), Buffer.from('WEBPVP8 ')]), 'webp'],
		['TIFF little-endian', bytes('4949 2a00 0800'), 'tiff'],
		['TIFF big-endian', bytes('4d4d 002a 0000'), 'tiff'],
		['a PDF', PDF_BYTES, undefined],
		['a text file', TEXT_BYTES, undefined],
		['an empty file', Buffer.alloc(0), undefined],
		['a RIFF that is WAV', Buffer.concat([Buffer.from('RIFF'), bytes('00000000'), Buffer.from('WAVEfmt ')]), undefined],
		['one byte of JPEG', bytes('ff'), undefined],
	])('%s → %p', (_name, content, format) => {
		expect(detectImageFormat(content)).toBe(format);
	});

	it.each([
		[PDF_BYTES, 'a PDF document'],
		[TEXT_BYTES, 'a text file'],
		[bytes('504b0304 1400'), 'a ZIP archive or Office document'],
		[bytes('00000018 66747970 68656963'), 'a HEIC/HEIF photo or video'],
		[bytes('00 01 02 03 fe ff'), 'not a known image format'],
	])('describes a non-image', (content, description) => {
		expect(describeNonImage(content)).toBe(description);
	});

	it('formats sizes', () => {
		expect(formatBytes(512)).toBe('512 B');
		expect(formatBytes(2048)).toBe('2.0 KB');
		expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
	});
});
