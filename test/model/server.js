// @ts-check
/**
 * A local stand-in of an OpenAI-compatible chat model on 127.0.0.1, for n8n's AI Agent with the
 * OpenAI Chat Model node (its credential's Base URL pointed here). It speaks both of the APIs
 * that node uses, the Responses API and Chat Completions, and follows a fixed script instead of
 * thinking:
 *
 *   1. a conversation with no tool result yet: call one tool, the one whose name the user's
 *      message contains (else, for a message with a link, the first that takes text; else the
 *      first offered), filling each string argument with the first http(s) link in the message;
 *   2. a conversation with tool results: answer with them, quoted as they came.
 *
 *   POST <base>/responses          Responses API
 *   POST <base>/chat/completions   Chat Completions
 *   GET  <base>/models             the one model, for the editor's model list
 *
 * Every request is kept in `log`, with what the model was offered (tools) and given (tool
 * results), for the tests to check what a real model would have read.
 */
const http = require('http');

const MODEL_ID = 'stand-in-model';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * @typedef {{ name: string, description: string, parameters: any }} OfferedTool
 * @typedef {{ name: string, arguments: Record<string, unknown> }} ToolCall
 * @typedef {{
 *   api: 'responses' | 'chat', userText: string, tools: OfferedTool[],
 *   toolResults: string[], reply: { toolCall?: ToolCall, text?: string },
 * }} ModelLogEntry
 */

/** @param {unknown} content a message's content: text, or a list of text parts */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part) => (typeof part === 'string' ? part : (part?.text ?? '')))
		.filter((text) => text !== '')
		.join('\n');
}

/**
 * What a Chat Completions request holds: the last user message, the tool results after it,
 * the tools offered. @param {any} body
 */
function readChatRequest(body) {
	/** @type {any[]} */
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const lastUser = messages.map((message) => message.role).lastIndexOf('user');
	const after = messages.slice(lastUser + 1);
	return {
		userText: lastUser === -1 ? '' : textOf(messages[lastUser].content),
		toolResults: after.filter((m) => m.role === 'tool').map((m) => textOf(m.content)),
		/** @type {OfferedTool[]} */
		tools: (body.tools ?? []).map((/** @type {any} */ tool) => ({
			name: tool.function?.name,
			description: tool.function?.description ?? '',
			parameters: tool.function?.parameters ?? {},
		})),
	};
}

/** The same, from a Responses API request. @param {any} body */
function readResponsesRequest(body) {
	const input =
		typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
	/** @type {any[]} */
	const items = Array.isArray(input) ? input : [];
	const lastUser = items.map((item) => item.role).lastIndexOf('user');
	const after = items.slice(lastUser + 1);
	return {
		userText: lastUser === -1 ? '' : textOf(items[lastUser].content),
		toolResults: after
			.filter((item) => item.type === 'function_call_output')
			.map((item) => textOf(item.output)),
		/** @type {OfferedTool[]} */
		tools: (body.tools ?? [])
			.filter((/** @type {any} */ tool) => tool.type === 'function')
			.map((/** @type {any} */ tool) => ({
				name: tool.name,
				description: tool.description ?? '',
				parameters: tool.parameters ?? {},
			})),
	};
}

/**
 * The script: the tool to call, or the answer.
 * @param {{ userText: string, toolResults: string[], tools: OfferedTool[] }} request
 * @returns {{ toolCall?: ToolCall, text?: string }}
 */
function decide({ userText, toolResults, tools }) {
	if (toolResults.length > 0 || tools.length === 0) {
		const quoted = toolResults.map((result) => `Tool result: ${result}`).join('\n');
		return { text: quoted || `No tool was offered. You said: ${userText}` };
	}
	const link = /https?:\/\/\S+/.exec(userText)?.[0] ?? '';
	const takesText = (/** @type {OfferedTool} */ offered) =>
		Object.values(offered.parameters?.properties ?? {}).some(
			(schema) => /** @type {any} */ (schema)?.type === 'string',
		);
	const tool =
		tools.find((offered) => userText.includes(offered.name)) ??
		(link ? tools.find(takesText) : undefined) ??
		tools[0];
	/** @type {Record<string, unknown>} */
	const args = {};
	for (const [key, schema] of Object.entries(tool.parameters?.properties ?? {})) {
		if (/** @type {any} */ (schema)?.type === 'string') args[key] = link;
	}
	return { toolCall: { name: tool.name, arguments: args } };
}

/** @param {{ toolCall?: ToolCall, text?: string }} reply @param {number} n */
function chatCompletion(reply, n) {
	const { toolCall, text } = reply;
	const message = toolCall
		? {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: `call_${n}`,
						type: 'function',
						function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) },
					},
				],
			}
		: { role: 'assistant', content: text };
	return {
		id: `chatcmpl-${n}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: MODEL_ID,
		choices: [{ index: 0, message, finish_reason: toolCall ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** @param {{ toolCall?: ToolCall, text?: string }} reply @param {number} n */
function response(reply, n) {
	const { toolCall, text } = reply;
	const output = toolCall
		? [
				{
					type: 'function_call',
					id: `fc_${n}`,
					call_id: `call_${n}`,
					name: toolCall.name,
					arguments: JSON.stringify(toolCall.arguments),
					status: 'completed',
				},
			]
		: [
				{
					type: 'message',
					id: `msg_${n}`,
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text, annotations: [] }],
				},
			];
	return {
		id: `resp_${n}`,
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		model: MODEL_ID,
		output,
		usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20 },
	};
}

class ModelStandIn {
	constructor() {
		/** @type {ModelLogEntry[]} */
		this.log = [];
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.url = '';
	}

	/** @param {number} [port] @returns {Promise<string>} the base URL for the credential */
	listen(port = 0) {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				const address = /** @type {import('net').AddressInfo} */ (this.server.address());
				this.url = `http://127.0.0.1:${address.port}/v1`;
				resolve(this.url);
			});
		});
	}

	/** @returns {Promise<void>} */
	close() {
		return new Promise((resolve) => {
			this.server.closeAllConnections?.();
			this.server.close(() => resolve());
		});
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	handle(req, res) {
		const send = (/** @type {number} */ status, /** @type {unknown} */ body) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		const path = (req.url ?? '').split('?')[0];
		if (req.method === 'GET' && path.endsWith('/models')) {
			send(200, { object: 'list', data: [{ id: MODEL_ID, object: 'model', owned_by: 'test' }] });
			return;
		}
		const api = path.endsWith('/responses')
			? 'responses'
			: path.endsWith('/chat/completions')
				? 'chat'
				: undefined;
		if (req.method !== 'POST' || !api) {
			send(404, { error: { message: `The model stand-in has no ${req.method} ${path}` } });
			return;
		}
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => {
			let body;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				send(400, { error: { message: 'The request body is not JSON' } });
				return;
			}
			if (body.stream) {
				send(400, { error: { message: 'The model stand-in does not stream' } });
				return;
			}
			const request = api === 'chat' ? readChatRequest(body) : readResponsesRequest(body);
			const reply = decide(request);
			this.log.push({ api, ...request, reply });
			const n = this.log.length;
			send(200, api === 'chat' ? chatCompletion(reply, n) : response(reply, n));
		});
	}
}

module.exports = { ModelStandIn, MODEL_ID };
