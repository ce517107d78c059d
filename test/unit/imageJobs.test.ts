import {
	base64JobForItem,
	binaryJobsForItem,
	parseBinaryFieldList,
	urlJobForItem,
} from '../../nodes/AliyunBankCardOcr/imageJobs';

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
		const jobs = binaryJobsForItem(3, '*', {
			attachment_0: binary('a.jpg'),
			attachment_1: binary('b.png'),
		});
		expect(jobs).toEqual([
			{
				itemIndex: 3,
				origin: { source: 'binary', binaryField: 'attachment_0', fileName: 'a.jpg' },
			},
			{
				itemIndex: 3,
				origin: { source: 'binary', binaryField: 'attachment_1', fileName: 'b.png' },
			},
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
});

describe('item values that are not what they should be', () => {
	it('a URL with half of an emoji fails its item, and says why', () => {
		const job = urlJobForItem(0, 'https://example.com/card-\uD83D.png');
		expect(job.failure?.message).toMatch(/broken character/);
		expect(job.origin.imageUrl).toBe('https://example.com/card-\uFFFD.png');
		// A whole emoji is a character like any other.
		expect(urlJobForItem(0, 'https://example.com/card-\uD83D\uDE00.png').failure).toBeUndefined();
	});

	it('an expression that gives a list or an object says so, not "empty"', () => {
		expect(urlJobForItem(0, ['a', 'b']).failure?.message).toMatch(/gave a list of 2 values/);
		expect(urlJobForItem(0, { url: 'x' }).failure?.message).toMatch(/type object/);
		expect(base64JobForItem(0, [1]).failure?.message).toMatch(/gave a list of 1 values/);
		expect(urlJobForItem(0, undefined).failure?.message).toMatch(/empty/);
	});

	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
		'a binary field named %s is a field name like any other',
		(field) => {
			const [job] = binaryJobsForItem(0, field, { data: binary('a.png') });
			expect(job.failure?.message).toMatch(`no binary field "${field}"`);
		},
	);
});
