import {
	base64JobForItem,
	binaryJobsForItem,
	checkImageBytes,
	checkImageSize,
	decodeBase64Image,
	formBody,
	parseBinaryFieldList,
	urlJobForItem,
} from '../../nodes/AliyunBankCardOcr/inputs';
import { cardPng, PDF_BYTES, TEXT_BYTES, testCard } from '../helpers/cards';

const binary = (fileName: string) => ({ data: '', mimeType: 'image/png', fileName });

describe('binary field lists', () => {
	const available = ['attachment_0', 'attachment_1', 'attachment_2'];
	it.each([
		['data', ['data']],
		['attachment_1, attachment_0', ['attachment_1', 'attachment_0']],
		[' a ,, b ,a', ['a', 'b']],
		['*', available],
		['attachment_2, *', ['attachment_2', 'attachment_0', 'attachment_1']],
		['', []],
	])('%p → %p', (value, fields) => {
		expect(parseBinaryFieldList(value, available)).toEqual(fields);
	});

	it('makes one job per field, in order, naming the file', () => {
		const jobs = binaryJobsForItem(3, '*', { attachment_0: binary('a.jpg'), attachment_1: binary('b.png') });
		expect(jobs).toEqual([
			{ itemIndex: 3, origin: { source: 'binary', binaryField: 'attachment_0', fileName: 'a.jpg' } },
			{ itemIndex: 3, origin: { source: 'binary', binaryField: 'attachment_1', fileName: 'b.png' } },
		]);
	});

	it('a missing field is a local ret_code 10 that lists the fields there are', () => {
		const [job] = binaryJobsForItem(0, 'data', { attachment_0: binary('a.jpg') });
		expect(job.failure).toMatchObject({ retCode: 10, source: 'local' });
		expect(job.failure?.message).toContain('"data"');
		expect(job.failure?.message).toContain('attachment_0');
	});

	it('an item without binaries under * still yields one error job', () => {
		const jobs = binaryJobsForItem(0, '*', undefined);
		expect(jobs).toHaveLength(1);
		expect(jobs[0].failure?.message).toMatch(/no binary data/);
	});
});

describe('URL and base64 jobs', () => {
	it.each([
		['', /empty/],
		['   ', /empty/],
		['card.jpg', /not an http\(s\) URL/],
		['ftp://host/card.jpg', /not an http\(s\) URL/],
		['javascript:alert(1)', /not an http\(s\) URL/],
	])('URL %p fails locally', (url, message) => {
		const job = urlJobForItem(0, url);
		expect(job.failure).toMatchObject({ retCode: 10, source: 'local' });
		expect(job.failure?.message).toMatch(message);
	});

	it('keeps a good URL, trimmed', () => {
		expect(urlJobForItem(1, ' https://a.cn/x.jpg?s=1 ')).toEqual({
			itemIndex: 1,
			origin: { source: 'url', imageUrl: 'https://a.cn/x.jpg?s=1' },
			value: 'https://a.cn/x.jpg?s=1',
		});
	});

	it('an empty or missing base64 string fails locally', () => {
		expect(base64JobForItem(0, '').failure?.retCode).toBe(10);
		expect(base64JobForItem(0, undefined).failure?.retCode).toBe(10);
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

describe('local image checks', () => {
	const origin = { source: 'binary' as const, binaryField: 'attachment_0', fileName: 'x' };
	it.each([
		[Buffer.alloc(0), 10, /is empty/],
		[PDF_BYTES, 20, /PDF document, not an image/],
		[TEXT_BYTES, 20, /text file, not an image/],
		[cardPng(testCard(1), 1, 3000), 50, /more than Max Image Size/],
	])('%#: ret_code %i', (bytes, retCode, message) => {
		const failure = checkImageBytes(bytes, origin, 2000);
		expect(failure).toMatchObject({ retCode, source: 'local', transient: false, fatal: false });
		expect(failure?.message).toMatch(message);
		expect(failure?.message).toContain('"attachment_0"');
	});

	it('passes a card image, and any size with no limit', () => {
		expect(checkImageBytes(cardPng(testCard(1)), origin, 0)).toBeUndefined();
		expect(checkImageSize(10 ** 9, origin, 0)).toBeUndefined();
		expect(checkImageSize(2001, origin, 2000)?.retCode).toBe(50);
	});

	it('form bodies are encoded so + / = survive', () => {
		expect(formBody('img_base64', 'a+b/c==')).toBe('img_base64=a%2Bb%2Fc%3D%3D');
		expect(formBody('img_url', 'http://x/?a=1&b=2')).toBe('img_url=http%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2');
	});
});
