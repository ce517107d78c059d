/**
 * Throughput and resilience under injected faults, in n8n's real engine against the stand-in:
 * no item lost, duplicated or reordered; transient failures retried with growing backoff;
 * permanent ones never; the QPS cap honoured as counted at the gateway.
 */
import crypto from 'crypto';
import type { INodeExecutionData } from 'n8n-workflow';

import { type GatewayStandIn, TRANSIENT_FAULTS_30 } from '../gateway/server';
import { cardPng, testCard } from '../helpers/cards';
import {
	type FixtureItem,
	removeBinaryStorage,
	runOcrNode,
	useBinaryMode,
} from '../helpers/engine';
import { appCodeCredentials, startGateway } from '../helpers/gateway';

/** The stand-in's key for an image: sha1 of its base64, as the log records it. */
const imageKey = (bytes: Buffer) =>
	crypto.createHash('sha1').update(bytes.toString('base64')).digest('hex').slice(0, 16);

function cardItems(count: number, firstSeed = 1000) {
	const cards = Array.from({ length: count }, (_, i) => testCard(firstSeed + i));
	const images = cards.map((card, i) => cardPng(card, firstSeed + i));
	const items: FixtureItem[] = images.map((bytes, i) => ({
		json: { index: i },
		binary: { data: { bytes, fileName: `card-${i}.png`, mimeType: 'image/png' } },
	}));
	return { cards, images, items };
}

const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

function maxPerSecondWindow(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= 1000) j++;
		max = Math.max(max, i - j + 1);
	}
	return max;
}

beforeAll(async () => await useBinaryMode('filesystem'));
afterAll(removeBinaryStorage);

describe('under 30 % injected transient faults', () => {
	let gateway: GatewayStandIn;
	beforeAll(async () => {
		gateway = await startGateway({
			seed: 2026,
			faults: TRANSIENT_FAULTS_30,
		});
	});
	afterAll(async () => await gateway.close());

	it('every one of 300 items leaves once, in order, with its own card; retries recover the faults', async () => {
		const { cards, images, items } = cardItems(300);
		const result = await runOcrNode({
			parameters: {
				source: 'binary',
				options: { concurrency: 10, retries: 6, retryBaseWait: 5, timeout: 3000 },
			},
			credentials: appCodeCredentials(gateway.url),
			items,
		});

		expect(result.nodeError).toBeUndefined();
		expect(result.success.length + result.error.length).toBe(300);
		const seen = [...result.success, ...result.error].map(pairedIndex).sort((a, b) => a - b);
		expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i));
		for (const output of [result.success, result.error]) {
			const order = output.map(pairedIndex);
			expect(order).toEqual([...order].sort((a, b) => a - b));
		}
		for (const item of result.success)
			expect(item.json.card_num).toBe(cards[pairedIndex(item)].card_num);
		for (const item of result.error) expect(item.json.attempts).toBe(7);

		const faultedKeys = new Set(gateway.log.filter((e) => e.fault).map((e) => e.imageKey));
		const recovered = result.success.filter((item) =>
			faultedKeys.has(imageKey(images[pairedIndex(item)])),
		);
		expect(faultedKeys.size).toBeGreaterThan(50);
		expect(recovered.length).toBeGreaterThan(50);
		expect(result.success.length).toBeGreaterThanOrEqual(297);
		const kinds = new Set(gateway.log.map((e) => e.fault).filter(Boolean));
		expect(kinds.size).toBe(10);
	});
});

describe('permanent failures', () => {
	it('are never retried; ret_code 80 is, until the retries run out', async () => {
		const gateway = await startGateway();
		try {
			const permanent = [10, 20, 30, 40, 50, 60, 70];
			const images = [...permanent, 80].flatMap((retCode) =>
				Array.from({ length: 5 }, (_, i) =>
					cardPng({ ret_code: retCode, n: i } as never, retCode * 10 + i),
				),
			);
			const result = await runOcrNode({
				parameters: { source: 'binary', options: { retries: 3, retryBaseWait: 1 } },
				credentials: appCodeCredentials(gateway.url),
				items: images.map((bytes) => ({
					binary: { data: { bytes, fileName: 'x.png', mimeType: 'image/png' } },
				})),
			});
			expect(result.error).toHaveLength(images.length);
			const requestsPerImage = images.map(
				(bytes) => gateway.log.filter((e) => e.imageKey === imageKey(bytes)).length,
			);
			expect(requestsPerImage).toEqual([...Array(35).fill(1), ...Array(5).fill(4)]);
			expect(result.error.map((i) => i.json.attempts)).toEqual([
				...Array(35).fill(1),
				...Array(5).fill(4),
			]);
		} finally {
			await gateway.close();
		}
	});

	it('a wrong AppCode is not retried either', async () => {
		const gateway = await startGateway();
		try {
			const { items } = cardItems(3);
			await runOcrNode({
				parameters: { source: 'binary', options: { retries: 5, concurrency: 1 } },
				credentials: appCodeCredentials(gateway.url, 'wrong-code-1234'),
				items,
			});
			expect(gateway.log).toHaveLength(1);
		} finally {
			await gateway.close();
		}
	});
});

describe('Max Requests per Second', () => {
	// A busy machine can only spread the starts further apart, so these checks hold under load.
	it('keeps every one-second window at the gateway within the cap', async () => {
		const gateway = await startGateway({ qps: 8 });
		try {
			const { items } = cardItems(30, 5000);
			const started = Date.now();
			const result = await runOcrNode({
				parameters: {
					source: 'binary',
					options: { concurrency: 20, maxRequestsPerSecond: 8, retries: 0 },
				},
				credentials: appCodeCredentials(gateway.url),
				items,
			});
			expect(result.success).toHaveLength(30);
			expect(gateway.log.filter((e) => e.gatewayError?.startsWith('Throttled'))).toHaveLength(0);
			expect(maxPerSecondWindow(gateway.log.map((e) => e.at))).toBeLessThanOrEqual(8);
			// 30 starts at 8 per 1.1 s: the last may not start before 3 full windows have passed.
			expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 1100);
		} finally {
			await gateway.close();
		}
	});

	it('without the cap the same gateway throttles (so the check above can fail), and the app budget still reads every card', async () => {
		const gateway = await startGateway({ qps: 8 });
		try {
			const { items } = cardItems(30, 6000);
			const result = await runOcrNode({
				parameters: { source: 'binary', options: { concurrency: 20, retries: 0 } },
				credentials: appCodeCredentials(gateway.url),
				items,
			});
			const throttled = gateway.log.filter(
				(e) => e.gatewayError === 'Throttled by APP Flow Control',
			);
			expect(throttled.length).toBeGreaterThan(0);
			// Throttled requests wait in the app's budget and go again (Retries is for faults).
			expect(result.success).toHaveLength(30);
			expect(result.error).toHaveLength(0);
		} finally {
			await gateway.close();
		}
	});
});

describe('backoff', () => {
	it('waits longer before each retry', async () => {
		const gateway = await startGateway();
		try {
			const bytes = cardPng({ ret_code: 80 } as never, 77);
			const result = await runOcrNode({
				parameters: { source: 'binary', options: { retries: 4, retryBaseWait: 60 } },
				credentials: appCodeCredentials(gateway.url),
				items: [{ binary: { data: { bytes, fileName: 'slow.png', mimeType: 'image/png' } } }],
			});
			expect(result.error[0].json).toMatchObject({ ret_code: 80, attempts: 5 });
			const times = gateway.log.filter((e) => e.imageKey === imageKey(bytes)).map((e) => e.at);
			const gaps = times.slice(1).map((t, i) => t - times[i]);
			expect(gaps).toHaveLength(4);
			// Caps 60, 120, 240, 480 ms with waits in [cap/2, cap]: each wait at least the last cap.
			expect(gaps[0]).toBeGreaterThanOrEqual(30);
			expect(gaps[1]).toBeGreaterThanOrEqual(60);
			expect(gaps[2]).toBeGreaterThanOrEqual(120);
			expect(gaps[3]).toBeGreaterThanOrEqual(240);
			// Only lower bounds here: a busy machine makes gaps longer, never shorter. That each
			// wait grows is proven exactly on an injected clock in the scheduler's unit tests.
		} finally {
			await gateway.close();
		}
	});
});
