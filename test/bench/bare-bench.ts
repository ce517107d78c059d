/**
 * The yardstick for the node's CPU per image: a bare Node client (`http.request` with a
 * keep-alive agent) sending the same images to the same stand-in as the node's bench run, at
 * the same concurrency. Per image it does what any client must: base64 and form-encode the
 * image, then POST it with the AppCode. The images are made before the clock starts (the
 * node's bench stores them upstream, outside the node's time, too). Prints one JSON line.
 *
 *   node .tmp/bench/test/bench/bare-bench.js '{"gateway":"http://…","items":1000,"concurrency":5,…}'
 */
import http from 'http';

import { makePng } from '../gateway/images';
import { testCard } from '../helpers/cards';

interface BareConfig {
	gateway: string;
	appCode: string;
	items: number;
	concurrency: number;
	imageBytes: number;
}

function post(agent: http.Agent, url: URL, body: string, appCode: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent,
				headers: {
					Accept: 'application/json',
					'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
					'Content-Length': Buffer.byteLength(body),
					Authorization: `APPCODE ${appCode}`,
				},
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
						showapi_res_body?: { ret_code?: number };
					};
					resolve(reply.showapi_res_body?.ret_code ?? -1);
				});
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

async function main(): Promise<void> {
	const config = JSON.parse(process.argv[2]) as BareConfig;
	// The same images as the node's bench run: the same cards, seeds and filler.
	const images = Array.from({ length: config.items }, (_, i) =>
		makePng(testCard(i), { seed: i + 1, padBytes: config.imageBytes }),
	);
	// The strictest yardstick: every body is encoded before the clock starts, so the bare
	// client's time is the HTTP exchange alone.
	const bodies = images.map(
		(image) => `img_base64=${encodeURIComponent(image.toString('base64'))}`,
	);
	const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency });
	const url = new URL('/ocrBankCardGeneral', config.gateway);
	let next = 0;
	let success = 0;
	const started = process.hrtime.bigint();
	const cpuBefore = process.cpuUsage();
	await Promise.all(
		Array.from({ length: config.concurrency }, async () => {
			while (next < bodies.length) {
				const body = bodies[next++];
				if ((await post(agent, url, body, config.appCode)) === 0) success++;
			}
		}),
	);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	agent.destroy();
	process.stdout.write(
		JSON.stringify({
			items: config.items,
			concurrency: config.concurrency,
			success,
			ms,
			cpuMs: (cpu.user + cpu.system) / 1000,
		}) + '\n',
	);
}

main().catch((error) => {
	process.stderr.write(String(error instanceof Error ? error.stack : error) + '\n');
	process.exitCode = 1;
});
