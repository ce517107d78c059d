/**
 * The model stand-in speaks both APIs of n8n's OpenAI Chat Model the way OpenAI does (the shapes
 * n8n's agents read), and follows its script: call the tool, then quote what it returned.
 */
import { ModelStandIn } from './server';

let model: ModelStandIn;
let url: string;

beforeAll(async () => {
	model = new ModelStandIn();
	url = await model.listen();
});
afterAll(async () => await model.close());

interface ChatReply {
	choices: Array<{
		finish_reason: string;
		message: {
			content: string | null;
			tool_calls: Array<{ id: string; function: { name: string; arguments: string } }>;
		};
	}>;
}

interface ResponsesReply {
	output: Array<{ type: string; call_id: string; name?: string; arguments?: string }>;
}

async function post<Reply = unknown>(path: string, body: unknown) {
	const response = await fetch(`${url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Reply };
}

const imageUrlSchema = {
	type: 'object',
	properties: { imageUrl: { type: 'string', description: 'The link' } },
	required: ['imageUrl'],
};
const noArguments = { type: 'object', properties: {} };

describe('the model stand-in', () => {
	it('Chat Completions: calls the tool that takes the link, then quotes the tool result', async () => {
		const tools = [
			{ type: 'function', function: { name: 'From_file', parameters: noArguments } },
			{ type: 'function', function: { name: 'From_URL', parameters: imageUrlSchema } },
		];
		const user = { role: 'user', content: 'Read https://example.com/a.jpg please' };
		const first = await post<ChatReply>('/chat/completions', {
			model: 'm',
			messages: [user],
			tools,
		});
		expect(first.status).toBe(200);
		const call = first.body.choices[0].message.tool_calls[0];
		expect(first.body.choices[0].finish_reason).toBe('tool_calls');
		expect(call.function.name).toBe('From_URL');
		expect(JSON.parse(call.function.arguments)).toEqual({ imageUrl: 'https://example.com/a.jpg' });

		const assistant = first.body.choices[0].message;
		const toolMessage = { role: 'tool', tool_call_id: call.id, content: '[{"ret_code":70}]' };
		const second = await post<ChatReply>('/chat/completions', {
			model: 'm',
			messages: [user, assistant, toolMessage],
			tools,
		});
		expect(second.body.choices[0].message.content).toBe('Tool result: [{"ret_code":70}]');
		expect(model.log.at(-1)).toMatchObject({ api: 'chat', toolResults: ['[{"ret_code":70}]'] });
	});

	it('Responses API: a tool named in the message is the one called; its output is quoted', async () => {
		const tools = [
			{ type: 'function', name: 'From_URL', parameters: imageUrlSchema, strict: false },
			{ type: 'function', name: 'From_file', parameters: noArguments, strict: false },
		];
		const user = { role: 'user', content: [{ type: 'input_text', text: 'Use From_file' }] };
		const first = await post<ResponsesReply>('/responses', { model: 'm', input: [user], tools });
		const [call] = first.body.output;
		expect(call).toMatchObject({ type: 'function_call', name: 'From_file', arguments: '{}' });

		const output = { type: 'function_call_output', call_id: call.call_id, output: '"no file"' };
		const second = await post<ResponsesReply>('/responses', {
			model: 'm',
			input: [user, call, output],
			tools,
		});
		expect(second.body.output[0]).toMatchObject({
			type: 'message',
			content: [{ type: 'output_text', text: 'Tool result: "no file"' }],
		});
		expect(model.log.at(-2)?.tools.map((tool) => tool.name)).toEqual(['From_URL', 'From_file']);
	});

	it('refuses what it cannot do: streaming, an unknown path', async () => {
		expect((await post('/chat/completions', { stream: true, messages: [] })).status).toBe(400);
		expect((await post('/embeddings', {})).status).toBe(404);
	});
});
