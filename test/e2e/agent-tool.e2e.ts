/**
 * The node as an AI Agent's tool in real n8n processes (n8n 2.41.1 on Node 24, n8n 1.123 on
 * Node 20): n8n's AI Agent with its OpenAI Chat Model, whose credential's Base URL is the model
 * stand-in (test/model/server.js), and two bank card tools against the gateway stand-in: one as
 * it comes (Image Source and Image URL left at the tool's defaults) and one set to Binary File.
 * Each agent version talks to the model over the API it supports: Agent 3.x over the Responses
 * API, Agent 2.2 over Chat Completions. Checked on what the model was offered and what it got.
 */
import { TOOL_BINARY_MESSAGE, TOOL_DESCRIPTION } from '../../nodes/AliyunBankCardOcr/toolMode';
import { DEMO_CARDS } from '../gateway/demo-data';
import type { ModelLogEntry } from '../model/server';
import { startDemoStandIns } from '../n8n/demo-stand-ins';
import { agentWorkflow } from '../n8n/examples';
import { ensureHost } from '../n8n/hosts';
import { N8nInstance, nodeOutputs, packPackage } from '../n8n/instance';

type Line = 'n8n2' | 'n8n1';
type Execution = Awaited<ReturnType<N8nInstance['execute']>>;

interface AgentRun {
	execution: Execution;
	/** The model's requests during this workflow. */
	model: ModelLogEntry[];
	/** The gateway's paid requests during this workflow. */
	gatewayRequests: number;
}

const packed = packPackage();

const AGENTS: Record<Line, Array<{ agentVersion: number; responsesApi: boolean }>> = {
	n8n2: [
		{ agentVersion: 3.1, responsesApi: true },
		{ agentVersion: 2.2, responsesApi: false },
	],
	n8n1: [
		{ agentVersion: 3, responsesApi: true },
		{ agentVersion: 2.2, responsesApi: false },
	],
};

const URL_TOOL = 'Read card from URL';
const FILE_TOOL = 'Read card from file';

describe.each(['n8n2', 'n8n1'] as const)(
	'the bank card tool under an AI Agent in real %s',
	(line) => {
		let standIns: Awaited<ReturnType<typeof startDemoStandIns>>;
		let n8n: N8nInstance;
		let images = '';
		const runs: Record<string, AgentRun> = {};
		const workflowId = (version: number) =>
			`agentTool${line}v${String(version).replace('.', '')}`.padEnd(16, '0');

		beforeAll(async () => {
			const host = await ensureHost(line);
			standIns = await startDemoStandIns();
			const { gateway, model } = standIns;
			images = `${standIns.gatewayUrl}/images`;
			n8n = new N8nInstance(host);
			await n8n.reservePorts();
			n8n.installPackage(packed.tarball);
			await n8n.importCredentials(standIns.credentials);
			const workflows = AGENTS[line].map(({ agentVersion, responsesApi }) =>
				agentWorkflow({
					id: workflowId(agentVersion),
					name: `Agent ${agentVersion} with the bank card tool`,
					prefix: `agent${String(agentVersion).replace('.', '')}`,
					agentVersion,
					responsesApi,
					prompts: [
						`Which bank issued this card? ${images}/alice.jpg`,
						`Read this card: ${images}/blurry.jpg`,
						`Use ${FILE_TOOL.replace(/ /g, '_')} to read the card I attached.`,
					],
					tools: [
						{ id: `${line}-${agentVersion}-url`, name: URL_TOOL, parameters: {} },
						{
							id: `${line}-${agentVersion}-file`,
							name: FILE_TOOL,
							parameters: { source: 'binary' },
						},
					],
				}),
			);
			await n8n.importWorkflows(workflows);
			for (const { agentVersion } of AGENTS[line]) {
				const modelFrom = model.log.length;
				const gatewayFrom = gateway.log.length;
				const execution = await n8n.execute(workflowId(agentVersion));
				runs[agentVersion] = {
					execution,
					model: model.log.slice(modelFrom),
					gatewayRequests: gateway.log.length - gatewayFrom,
				};
			}
		});

		afterAll(async () => {
			await standIns?.close();
			n8n?.cleanup();
		});

		describe.each(AGENTS[line])(
			'AI Agent $agentVersion (Responses API: $responsesApi)',
			({ agentVersion }) => {
				const run = () => runs[agentVersion];
				/** What the model received from the tool in the conversation about `prompt`. */
				const toolResultFor = (prompt: RegExp) => {
					const answered = run().model.find(
						(entry) => prompt.test(entry.userText) && entry.toolResults.length > 0,
					);
					if (!answered) throw new Error(`the model never got a tool result for ${prompt}`);
					return answered.toolResults.map((result) => JSON.parse(result));
				};

				it('runs to the end, and the model is offered the tools with a description it can use', () => {
					expect(run().execution.status).toBe('success');
					const offered = run().model[0].tools;
					const urlTool = offered.find((tool) => tool.name === 'Read_card_from_URL');
					const fileTool = offered.find((tool) => tool.name === 'Read_card_from_file');
					expect(urlTool?.description).toBe(TOOL_DESCRIPTION);
					expect(fileTool?.description).toBe(TOOL_DESCRIPTION);
					// Left at the tool's defaults, Image URL is the model's to give, described.
					expect(urlTool?.parameters.required).toEqual(['imageUrl']);
					expect(urlTool?.parameters.properties.imageUrl).toEqual({
						type: 'string',
						description: expect.stringMatching(/http\(s\) link.*downloadable from the internet/),
					});
					expect(Object.keys(fileTool?.parameters.properties ?? {})).toEqual([]);
				});

				it('a readable card reaches the model, for one paid request', () => {
					const card = DEMO_CARDS.alice;
					expect(toolResultFor(/alice\.jpg/)).toEqual([
						[
							expect.objectContaining({
								ret_code: 0,
								card_num: card.card_num,
								card_type: card.card_type,
								bank_name: card.bank_name,
								card_num_valid: true,
								image_url: `${images}/alice.jpg`,
							}),
						],
					]);
					// alice and blurry each once; Binary File sends nothing.
					expect(run().gatewayRequests).toBe(2);
				});

				it('an unreadable image gives the model the ret_code, the error and what to do', () => {
					expect(toolResultFor(/blurry\.jpg/)).toEqual([
						[
							expect.objectContaining({
								ret_code: 70,
								error_source: 'vendor',
								error: expect.stringMatching(
									/could not recognise a bank card.*use a sharp, well-lit photo/,
								),
							}),
						],
					]);
				});

				it('Binary File gives the model the reason and what to use instead', () => {
					expect(toolResultFor(/Read_card_from_file/)).toEqual([
						[expect.objectContaining({ ret_code: 10, error: TOOL_BINARY_MESSAGE })],
					]);
				});

				it("the agent's answers carry what the tool returned, one per message", () => {
					const answers = nodeOutputs(run().execution, 'AI Agent')[0].map((item) =>
						String(item.json.output),
					);
					expect(answers).toHaveLength(3);
					expect(answers[0]).toContain(DEMO_CARDS.alice.card_num);
					expect(answers[1]).toContain('ret_code 70');
					expect(answers[2]).toContain('passes no files to its tools');
				});
			},
		);
	},
);
