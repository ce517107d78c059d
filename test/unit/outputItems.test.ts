import type { INodeExecutionData } from 'n8n-workflow';

import { buildOutputItems, type FinishedJob } from '../../nodes/AliyunBankCardOcr/outputItems';
import type { OcrOutcome, OutputOptions } from '../../nodes/AliyunBankCardOcr/types';

const plain: OutputOptions = {
	includeInputFields: false,
	maskCardNumber: false,
	putResultInField: '',
	keepBinary: false,
	fullResponse: false,
};

const success = (cardNum: string): OcrOutcome => ({
	ok: true,
	card: { card_num: cardNum, card_type: '借记卡', bank_name: '测试银行' },
	requestId: 'R1',
	fee: 1,
	envelope: { showapi_res_body: { ret_code: 0, card_num: cardNum } },
});

const failure: OcrOutcome = {
	ok: false,
	retCode: 20,
	source: 'local',
	message: 'not an image',
	transient: false,
	fatal: false,
};

const inputs: INodeExecutionData[] = [
	{ json: { row: 1, name: 'Ann' }, binary: { attachment_0: { data: 'x', mimeType: 'image/png' } } },
	{ json: { row: 2 } },
];

function job(
	itemIndex: number,
	outcome: OcrOutcome,
	output: Partial<OutputOptions> = {},
): FinishedJob {
	return {
		job: {
			itemIndex,
			origin: { source: 'binary', binaryField: 'attachment_0', fileName: 'a.png' },
			settings: {
				output: { ...plain, ...output },
				request: { baseUrl: 'http://x', endpointPath: '/p', timeoutMs: 1, maxImageBytes: 0 },
			},
		},
		result: { outcome, attempts: 1 },
	};
}

describe('buildOutputItems', () => {
	it('sends each job to exactly one output, in order, paired with its input', () => {
		const [ok, bad] = buildOutputItems(
			[
				job(1, success('6222 0200 0100 0079 192')),
				job(0, failure),
				job(0, success('4111111111111111')),
			],
			inputs,
		);
		expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 0 }]);
		expect(bad.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(ok[0].json).toEqual({
			ret_code: 0,
			card_num: '6222020001000079192',
			card_type: '借记卡',
			bank_name: '测试银行',
			card_num_valid: true,
			card_network: 'UnionPay',
			request_id: 'R1',
			fee: 1,
			binary_field: 'attachment_0',
			file_name: 'a.png',
		});
		expect(bad[0].json).toEqual({
			ret_code: 20,
			error: 'not an image',
			error_source: 'local',
			remark: null,
			request_id: null,
			attempts: 1,
			binary_field: 'attachment_0',
			file_name: 'a.png',
		});
	});

	it('with oneOutput (a tool), every job goes to the first output, in job order', () => {
		const jobs = [job(1, success('4111111111111111')), job(0, failure), job(1, failure)];
		const [first, second] = buildOutputItems(jobs, inputs, { oneOutput: true });
		expect(first.map((i) => [i.pairedItem, i.json.ret_code])).toEqual([
			[{ item: 1 }, 0],
			[{ item: 0 }, 20],
			[{ item: 1 }, 20],
		]);
		expect(first[1].json.error).toBe('not an image');
		expect(second).toEqual([]);
	});

	it('masks the number everywhere, the raw envelope included', () => {
		const [ok] = buildOutputItems(
			[job(0, success('6222020001000079192'), { maskCardNumber: true, fullResponse: true })],
			inputs,
		);
		expect(ok[0].json.card_num).toBe('622202*********9192');
		expect(JSON.stringify(ok[0].json)).not.toContain('6222020001000079192');
		expect(ok[0].json.card_num_valid).toBe(true);
	});

	it('includes input fields and nests the result under a field', () => {
		const [ok] = buildOutputItems(
			[job(0, success('4111111111111111'), { includeInputFields: true, putResultInField: 'card' })],
			inputs,
		);
		expect(ok[0].json.row).toBe(1);
		expect(ok[0].json.name).toBe('Ann');
		expect((ok[0].json.card as { card_network: string }).card_network).toBe('Visa');
		expect(ok[0].json.card_num).toBeUndefined();
	});

	it('keeps the image binary only when asked', () => {
		expect(buildOutputItems([job(0, failure)], inputs)[1][0].binary).toBeUndefined();
		const kept = buildOutputItems([job(0, failure, { keepBinary: true })], inputs)[1][0];
		expect(Object.keys(kept.binary ?? {})).toEqual(['attachment_0']);
	});

	it('URL items name their URL', () => {
		const base = job(1, failure);
		const urlJob: FinishedJob = {
			...base,
			job: { ...base.job, origin: { source: 'url', imageUrl: 'http://x/1.jpg' } },
		};
		expect(buildOutputItems([urlJob], inputs)[1][0].json.image_url).toBe('http://x/1.jpg');
	});

	it('Success and Error items both carry ret_code, so merged outputs can be told apart', () => {
		const [ok, bad] = buildOutputItems(
			[job(0, success('4111111111111111')), job(1, failure)],
			inputs,
		);
		expect(ok[0].json.ret_code).toBe(0);
		expect(bad[0].json.ret_code).toBe(20);
	});

	it("an image that failed with the whole node takes the shape of n8n's error items", () => {
		const fatal = {
			...(failure as object),
			retCode: 90,
			source: 'gateway',
			fatal: true,
			requestId: 'R9',
			httpStatus: 400,
		} as OcrOutcome;
		const [, bad] = buildOutputItems(
			[{ ...job(0, fatal), toNodeErrorOutput: true }, job(1, failure)],
			inputs,
		);
		// `error` alone: what n8n moves to its error output (and merges with the input item).
		expect(Object.keys(bad[0].json)).toEqual(['error']);
		expect(bad[0].json.error).toMatchObject({
			message: 'not an image',
			description: 'X-Ca-Request-Id: R9',
			ret_code: 90,
			error_source: 'gateway',
			http_status: 400,
			request_id: 'R9',
			binary_field: 'attachment_0',
			file_name: 'a.png',
		});
		expect(bad[0].pairedItem).toEqual({ item: 0 });
		expect(bad[1].json.error).toBe('not an image');
	});
});
