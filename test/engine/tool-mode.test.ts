/**
 * The node's Tool variant, as an AI Agent runs it, inside n8n's real execution engine: one item
 * in, and every outcome on the first output (the only one the agent hands its model). The agent
 * itself, its model and n8n's tool wiring are in test/e2e/agent-tool.e2e.ts, in a real n8n.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TOOL_BINARY_MESSAGE } from '../../nodes/AliyunBankCardOcr/toolMode';
import type { GatewayStandIn } from '../gateway/server';
import { APP_CODE, cardPng, testCard } from '../helpers/cards';
import { removeBinaryStorage, runOcrNode, useBinaryMode } from '../helpers/engine';
import { appCodeCredentials, startGateway } from '../helpers/gateway';

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

let gateway: GatewayStandIn;

beforeAll(async () => {
	await useBinaryMode('memory');
	gateway = await startGateway();
});
afterAll(async () => {
	await gateway.close();
	removeBinaryStorage();
});

/** The tool as an agent runs it: one item holding the model's arguments. */
async function callTool(parameters: IDataObject, args: IDataObject) {
	const sent = gateway.log.length;
	const result = await runOcrNode({
		asTool: true,
		parameters,
		credentials: appCodeCredentials(gateway.url),
		items: [{ json: { chatInput: 'What card is this?', ...args } }],
	});
	return { ...result, requests: gateway.log.length - sent };
}

describe('the node as an AI Agent tool', () => {
	it('reads an image URL by default (Image Source defaults to Image URL as a tool)', async () => {
		const card = testCard(31);
		const url = gateway.addImage('tool-card.png', cardPng(card), 'image/png');
		const { success, error, nodeError, requests } = await callTool(
			{ imageUrl: '={{ $json.imageUrl }}' },
			{ imageUrl: url },
		);
		expect(nodeError).toBeUndefined();
		expect(json(success)).toEqual([
			expect.objectContaining({ ret_code: 0, card_num: card.card_num, image_url: url }),
		]);
		expect(error).toEqual([]);
		expect(requests).toBe(1);
		expect(success[0].pairedItem).toEqual({ item: 0 });
	});

	it('an unreadable image is an item on the first output, with ret_code 70 and what to do', async () => {
		const url = gateway.addImage('tool-blurry.png', cardPng({ ret_code: 70 }), 'image/png');
		const { success, error, requests } = await callTool(
			{ imageUrl: '={{ $json.imageUrl }}' },
			{ imageUrl: url },
		);
		expect(json(success)).toEqual([
			expect.objectContaining({
				ret_code: 70,
				error_source: 'vendor',
				error: expect.stringMatching(/could not recognise a bank card.*sharp, well-lit photo/),
				image_url: url,
			}),
		]);
		expect(error).toEqual([]);
		expect(requests).toBe(1);
	});

	it('a link that is not http(s) is an item saying so, and nothing is sent', async () => {
		const { success, requests } = await callTool(
			{ imageUrl: '={{ $json.imageUrl }}' },
			{ imageUrl: 'C:\\Users\\me\\card.jpg' },
		);
		expect(json(success)).toEqual([
			expect.objectContaining({
				ret_code: 10,
				error_source: 'local',
				error: expect.stringMatching(/is not an http\(s\) URL/),
			}),
		]);
		expect(requests).toBe(0);
	});

	it('Binary File as a tool explains that an agent passes no files, and sends nothing', async () => {
		const { success, error, nodeError, requests } = await callTool({ source: 'binary' }, {});
		expect(nodeError).toBeUndefined();
		expect(json(success)).toEqual([
			expect.objectContaining({ ret_code: 10, error_source: 'local', error: TOOL_BINARY_MESSAGE }),
		]);
		expect(TOOL_BINARY_MESSAGE).toMatch(/passes no files.*Image URL/);
		expect(error).toEqual([]);
		expect(requests).toBe(0);
	});

	it('a refusal of the whole node (quota used up) reaches the model as an item, not a stop', async () => {
		const spent = await startGateway({
			accounts: { appCodes: { [APP_CODE]: 'quotaExhausted' }, apps: {}, stages: ['RELEASE'] },
		});
		try {
			const url = spent.addImage('tool-card.png', cardPng(testCard(32)), 'image/png');
			const result = await runOcrNode({
				asTool: true,
				parameters: { imageUrl: url },
				credentials: appCodeCredentials(spent.url),
				items: [{ json: {} }],
			});
			expect(result.nodeError).toBeUndefined();
			expect(json(result.success)).toEqual([
				expect.objectContaining({
					ret_code: 90,
					error_source: 'gateway',
					error: expect.stringMatching(/quota/i),
				}),
			]);
			expect(JSON.stringify(result.run)).not.toContain(APP_CODE);
		} finally {
			await spent.close();
		}
	});

	it('outside tool mode, the same failure still goes to the Error output', async () => {
		const url = gateway.addImage('plain-blurry.png', cardPng({ ret_code: 70 }), 'image/png');
		const result = await runOcrNode({
			parameters: { source: 'url', imageUrl: url },
			credentials: appCodeCredentials(gateway.url),
			items: [{ json: {} }],
		});
		expect(result.success).toEqual([]);
		expect(json(result.error)).toEqual([expect.objectContaining({ ret_code: 70 })]);
	});
});
