#!/usr/bin/env node
// @ts-check
/**
 * The example workflows of examples/, built from the demo data (test/gateway/demo-data.js), so
 * that the files a user imports, the demo and the end-to-end tests all run the same thing. The
 * inputs come from the local stand-in gateway at EXAMPLE_GATEWAY_URL, which the demo replaces
 * with the address it actually started the stand-in on. scripts/make-examples.js writes them.
 */
const { DEMO_IMAGES } = require('../gateway/demo-data');
const { MODEL_ID } = require('../model/server');
const { NODE_TYPE } = require('./package');

const EXAMPLE_GATEWAY_URL = 'http://127.0.0.1:8191';
const CREDENTIALS = {
	appCode: { id: 'aliyunDemoAppCode', name: 'Aliyun API Gateway (demo stand-in, AppCode)' },
	signature: { id: 'aliyunDemoSignature', name: 'Aliyun API Gateway (demo stand-in, AppKey)' },
	spentQuota: {
		id: 'aliyunDemoSpentQuota',
		name: 'Aliyun API Gateway (demo stand-in, quota used up)',
	},
};
/** The OpenAI Chat Model's credential, its Base URL pointed at the model stand-in. */
const MODEL_CREDENTIAL = { id: 'openAiDemoModel', name: 'OpenAI (demo model stand-in)' };

const base64Of = (/** @type {string} */ name) => DEMO_IMAGES[name].bytes.toString('base64');
const PDF_BASE64 = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
).toString('base64');

/** @param {string} name @param {number} x @param {number} y */
function trigger(name, x, y) {
	return {
		id: `${name}-trigger`,
		name: 'When clicking ‘Execute workflow’',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [x, y],
		parameters: {},
	};
}

/** @param {string} id @param {string} name @param {string} jsCode @param {number[]} position */
function code(id, name, jsCode, position) {
	return {
		id,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: { jsCode },
	};
}

/** @param {string} id @param {string} name @param {number[]} position */
function noOp(id, name, position) {
	return { id, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position, parameters: {} };
}

/**
 * @param {string} id @param {string} name @param {object} parameters
 * @param {keyof typeof CREDENTIALS} credential @param {number[]} position
 */
function ocr(id, name, parameters, credential, position) {
	return {
		id,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters,
		credentials: { aliyunApiGatewayApi: CREDENTIALS[credential] },
	};
}

/** @param {string} to @param {number} [index] */
const link = (to, index = 0) => ({ node: to, type: 'main', index });

/**
 * The common shape: manual trigger → sample data (a Code node standing in for the user's
 * trigger or sheet) → the bank card node → one node on Success and one on Error.
 * @param {{
 *   id: string, name: string, prefix: string,
 *   sample: { id: string, name: string, jsCode: string },
 *   ocr: { id: string, name: string, parameters: object, credential: 'appCode' | 'signature' },
 *   success: { id: string, name: string }, error: { id: string, name: string },
 * }} spec
 */
function sampleToOcrWorkflow({ id, name, prefix, sample, ocr: card, success, error }) {
	return {
		id,
		name,
		nodes: [
			trigger(prefix, 0, 0),
			code(sample.id, sample.name, sample.jsCode, [220, 0]),
			ocr(card.id, card.name, card.parameters, card.credential, [440, 0]),
			noOp(success.id, success.name, [680, -100]),
			noOp(error.id, error.name, [680, 100]),
		],
		connections: {
			'When clicking ‘Execute workflow’': { main: [[link(sample.name)]] },
			[sample.name]: { main: [[link(card.name)]] },
			[card.name]: { main: [[link(success.name)], [link(error.name)]] },
		},
	};
}

function emailAttachments() {
	const jsCode = [
		'// Stands in for an Email Trigger (IMAP): two emails whose attachments are binary fields',
		'// attachment_0, attachment_1, … Replace this node with your email trigger.',
		'const file = (fileName, mimeType, data) => ({ fileName, mimeType, data });',
		'return [',
		"  { json: { from: 'alice@example.com', subject: 'Card for the refund' }, binary: {",
		`    attachment_0: file('alice.jpg', 'image/jpeg', '${base64Of('alice.jpg')}'),`,
		`    attachment_1: file('statement.pdf', 'application/pdf', '${PDF_BASE64}'),`,
		`    attachment_2: file('bob.png', 'image/png', '${base64Of('bob.png')}'),`,
		'  } },',
		"  { json: { from: 'carol@example.com', subject: 'My new card' }, binary: {",
		`    attachment_0: file('carol.jpg', 'image/jpeg', '${base64Of('carol.jpg')}'),`,
		"    attachment_1: file('empty.jpg', 'image/jpeg', ''),",
		'  } },',
		'];',
	].join('\n');
	return sampleToOcrWorkflow({
		id: 'bankCardEmail001',
		name: 'Bank cards from email attachments',
		prefix: 'email',
		sample: { id: 'email-sample', name: 'Sample emails', jsCode },
		ocr: {
			id: 'email-ocr',
			name: 'Read bank cards',
			parameters: {
				source: 'binary',
				binaryPropertyName: '*',
				options: { maskCardNumber: true, includeInputFields: true },
			},
			credential: 'appCode',
		},
		success: { id: 'email-register', name: 'Card register' },
		error: { id: 'email-review', name: 'Needs review' },
	});
}

function sheetRowsCode(/** @type {string[]} */ rows) {
	return [
		'// Stands in for Google Sheets "Get row(s)": replace this node with your sheet.',
		`const images = '${EXAMPLE_GATEWAY_URL}/images';`,
		'return [',
		...rows.map((row) => `  { json: ${row} },`),
		'];',
	].join('\n');
}

function spreadsheetUrls() {
	const jsCode = sheetRowsCode([
		"{ row: 2, name: 'Dave', image_url: `${images}/dave.png`, image_base64: '' }",
		"{ row: 3, name: 'Bob', image_url: `${images}/bob.png`, image_base64: '' }",
		"{ row: 4, name: 'Erin', image_url: `${images}/blurry.jpg`, image_base64: '' }",
		"{ row: 5, name: 'Frank', image_url: `${images}/missing.jpg`, image_base64: '' }",
		"{ row: 6, name: 'Grace', image_url: '', image_base64: '' }",
		`{ row: 7, name: 'Carol', image_url: '', image_base64: '${base64Of('carol.jpg')}' }`,
	]);
	const hasBase64 = {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
			conditions: [
				{
					id: 'has-base64',
					leftValue: '={{ $json.image_base64 }}',
					rightValue: '',
					operator: { type: 'string', operation: 'notEmpty', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	};
	return {
		id: 'bankCardSheet001',
		name: 'Enrich a spreadsheet of card image URLs',
		nodes: [
			trigger('sheet', 0, 0),
			code('sheet-rows', 'Sample sheet rows', jsCode, [220, 0]),
			{
				id: 'sheet-if',
				name: 'Has a base64 column?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2,
				position: [440, 0],
				parameters: hasBase64,
			},
			ocr(
				'sheet-ocr-b64',
				'Read card from base64',
				{
					source: 'base64',
					base64String: '={{ $json.image_base64 }}',
					options: { includeInputFields: true },
				},
				'appCode',
				[680, -120],
			),
			ocr(
				'sheet-ocr-url',
				'Read card from URL',
				{
					source: 'url',
					imageUrl: '={{ $json.image_url }}',
					options: { includeInputFields: true },
				},
				'appCode',
				[680, 120],
			),
			noOp('sheet-enriched', 'Enriched rows', [920, -60]),
			noOp('sheet-review', 'Rows to review', [920, 140]),
		],
		connections: {
			'When clicking ‘Execute workflow’': { main: [[link('Sample sheet rows')]] },
			'Sample sheet rows': { main: [[link('Has a base64 column?')]] },
			'Has a base64 column?': {
				main: [[link('Read card from base64')], [link('Read card from URL')]],
			},
			'Read card from base64': { main: [[link('Enriched rows')], [link('Rows to review')]] },
			'Read card from URL': { main: [[link('Enriched rows')], [link('Rows to review')]] },
		},
	};
}

function appKeySignature() {
	const jsCode = sheetRowsCode([
		"{ row: 2, name: 'Alice', image_url: `${images}/alice.jpg` }",
		"{ row: 3, name: 'Dave', image_url: `${images}/dave.png` }",
		"{ row: 4, name: 'Heidi', image_url: 'card-photo.jpg' }",
	]);
	return sampleToOcrWorkflow({
		id: 'bankCardSigned01',
		name: 'Bank cards with AppKey & AppSecret signing',
		prefix: 'signed',
		sample: { id: 'signed-rows', name: 'Sample sheet rows', jsCode },
		ocr: {
			id: 'signed-ocr',
			name: 'Read card (signed request)',
			parameters: {
				source: 'url',
				imageUrl: '={{ $json.image_url }}',
				options: { includeInputFields: true, putResultInField: 'card' },
			},
			credential: 'signature',
		},
		success: { id: 'signed-enriched', name: 'Enriched rows' },
		error: { id: 'signed-review', name: 'Rows to review' },
	});
}

/**
 * A failure of the whole node (here: the app's quota is used up) under "On Error: Continue
 * (using error output)": n8n's own third output takes those images, so the workflow can alert
 * someone, while per-image failures (a bad URL) stay on the node's Error output.
 */
function errorOutput() {
	const jsCode = sheetRowsCode([
		"{ row: 2, name: 'Alice', image_url: `${images}/alice.jpg` }",
		"{ row: 3, name: 'Heidi', image_url: 'card-photo.jpg' }",
		"{ row: 4, name: 'Dave', image_url: `${images}/dave.png` }",
	]);
	const card = ocr(
		'quota-ocr',
		'Read card',
		{ source: 'url', imageUrl: '={{ $json.image_url }}', options: { includeInputFields: true } },
		'spentQuota',
		[440, 0],
	);
	return {
		id: 'bankCardQuota001',
		name: "Bank cards: alert when the quota is used up (n8n's error output)",
		nodes: [
			trigger('quota', 0, 0),
			code('quota-rows', 'Sample sheet rows', jsCode, [220, 0]),
			{ ...card, onError: 'continueErrorOutput' },
			noOp('quota-enriched', 'Enriched rows', [680, -140]),
			noOp('quota-review', 'Rows to review', [680, 0]),
			noOp('quota-alert', 'Alert the team', [680, 140]),
		],
		connections: {
			'When clicking ‘Execute workflow’': { main: [[link('Sample sheet rows')]] },
			'Sample sheet rows': { main: [[link('Read card')]] },
			'Read card': {
				main: [[link('Enriched rows')], [link('Rows to review')], [link('Alert the team')]],
			},
		},
	};
}

/**
 * n8n's HTTP Request node with this package's credential (Authentication: Predefined Credential
 * Type): any API behind the Aliyun API Gateway, signed, without code. The stand-in's /any/ API
 * answers with what it received, after checking the AppCode or the signature.
 * @param {string} id @param {string} name @param {keyof typeof CREDENTIALS} credential
 * @param {object} parameters @param {number[]} position
 */
function httpRequest(id, name, credential, parameters, position) {
	return {
		id,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'aliyunApiGatewayApi',
			...parameters,
			options: {},
		},
		credentials: { aliyunApiGatewayApi: CREDENTIALS[credential] },
	};
}

/** @param {Record<string, string>} fields */
const keyValues = (fields) => ({
	parameters: Object.entries(fields).map(([name, value]) => ({ name, value })),
});

function anyApiFromHttpRequest() {
	const api = `${EXAMPLE_GATEWAY_URL}/any`;
	const steps = [
		httpRequest(
			'any-get-appcode',
			'AppCode GET with query',
			'appCode',
			{
				url: `${api}/weather`,
				sendQuery: true,
				queryParameters: keyValues({ city: '杭州 西湖', units: 'metric', tags: '+/=&%' }),
			},
			[220, 0],
		),
		httpRequest(
			'any-form-signed',
			'Signed form POST',
			'signature',
			{
				method: 'POST',
				url: `${api}/ocr/idcard`,
				sendBody: true,
				contentType: 'form-urlencoded',
				bodyParameters: keyValues({ img_url: 'https://example.com/my card.jpg', side: 'face' }),
			},
			[440, 0],
		),
		httpRequest(
			'any-json-signed',
			'Signed JSON POST',
			'signature',
			{
				method: 'POST',
				url: `${api}/sms/send`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					'{ "phone": "13800000000", "template": "SMS_0001", "params": { "code": "1234" } }',
			},
			[660, 0],
		),
		httpRequest(
			'any-get-signed',
			'Signed GET with query',
			'signature',
			{
				url: `${api}/express/track`,
				sendQuery: true,
				queryParameters: keyValues({ no: 'YT 1234567890', company: '圆通' }),
			},
			[880, 0],
		),
	];
	/** @type {Record<string, { main: object[][] }>} */
	const connections = { 'When clicking ‘Execute workflow’': { main: [[link(steps[0].name)]] } };
	steps
		.slice(1)
		.forEach((step, index) => (connections[steps[index].name] = { main: [[link(step.name)]] }));
	return {
		id: 'aliyunAnyApi0001',
		name: 'Any Aliyun API Gateway API from the HTTP Request node',
		nodes: [trigger('any', 0, 0), ...steps],
		connections,
	};
}

const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
const CHAT_MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
const OCR_TOOL_TYPE = `${NODE_TYPE}Tool`;
/** The tool's own default for Image URL, written out so the example shows it. */
const TOOL_IMAGE_URL =
	"={{ $fromAI('imageUrl', 'The http(s) link to the bank card image (JPEG, PNG or BMP); it must be downloadable from the internet', 'string') }}";

/**
 * An AI Agent with an OpenAI Chat Model and bank card tools. The prompts come from a Code node
 * standing in for a Chat Trigger (one agent run per item), so the workflow runs headless.
 * @param {{
 *   id: string, name: string, prefix: string, agentVersion: number, responsesApi: boolean,
 *   prompts: string[], tools: Array<{ id: string, name: string, parameters: object }>,
 * }} spec
 */
function agentWorkflow({ id, name, prefix, agentVersion, responsesApi, prompts, tools }) {
	const agent = 'AI Agent';
	const model = 'OpenAI Chat Model';
	const jsCode = [
		'// Stands in for a Chat Trigger: each item is one message to the agent.',
		'return [',
		...prompts.map((prompt) => `  { json: { chatInput: ${JSON.stringify(prompt)} } },`),
		'];',
	].join('\n');
	/** @type {Record<string, object>} */
	const connections = {
		'When clicking ‘Execute workflow’': { main: [[link('Sample chat messages')]] },
		'Sample chat messages': { main: [[link(agent)]] },
		[model]: { ai_languageModel: [[{ node: agent, type: 'ai_languageModel', index: 0 }]] },
	};
	for (const tool of tools)
		connections[tool.name] = { ai_tool: [[{ node: agent, type: 'ai_tool', index: 0 }]] };
	return {
		id,
		name,
		nodes: [
			trigger(prefix, 0, 0),
			code(`${prefix}-messages`, 'Sample chat messages', jsCode, [220, 0]),
			{
				id: `${prefix}-agent`,
				name: agent,
				type: AGENT_TYPE,
				typeVersion: agentVersion,
				position: [460, 0],
				parameters: { promptType: 'define', text: '={{ $json.chatInput }}', options: {} },
			},
			{
				id: `${prefix}-model`,
				name: model,
				type: CHAT_MODEL_TYPE,
				typeVersion: 1.3,
				position: [380, 220],
				parameters: {
					model: { __rl: true, mode: 'id', value: MODEL_ID },
					...(responsesApi ? {} : { responsesApiEnabled: false }),
					options: {},
				},
				credentials: { openAiApi: MODEL_CREDENTIAL },
			},
			...tools.map((tool, index) => ({
				id: tool.id,
				name: tool.name,
				type: OCR_TOOL_TYPE,
				typeVersion: 1,
				position: [560 + 160 * index, 220],
				parameters: tool.parameters,
				credentials: { aliyunApiGatewayApi: CREDENTIALS.appCode },
			})),
		],
		connections,
	};
}

/**
 * The node as an AI Agent's tool: the model gives the image's link ($fromAI), the tool reads
 * the card and the model gets the card, or the error and what to do, on the tool's one output.
 */
function agentTool() {
	const images = `${EXAMPLE_GATEWAY_URL}/images`;
	return agentWorkflow({
		id: 'bankCardAgent001',
		name: 'AI Agent reads bank cards (the node as a tool)',
		prefix: 'agent',
		agentVersion: 3,
		responsesApi: true,
		prompts: [
			`Which bank issued the card in this photo? ${images}/alice.jpg`,
			`And this one? ${images}/blurry.jpg`,
		],
		tools: [
			{
				id: 'agent-ocr-tool',
				name: 'Read bank card',
				parameters: { source: 'url', imageUrl: TOOL_IMAGE_URL, options: {} },
			},
		],
	});
}

/** @param {{ id: string, name: string, nodes: object[], connections: object }} workflow */
function finish(workflow) {
	return {
		...workflow,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		meta: { templateCredsSetupCompleted: false },
	};
}

const EXAMPLES = {
	'email-attachments.json': finish(emailAttachments()),
	'spreadsheet-urls.json': finish(spreadsheetUrls()),
	'appkey-signature.json': finish(appKeySignature()),
	'error-output.json': finish(errorOutput()),
	'http-request-any-api.json': finish(anyApiFromHttpRequest()),
	'ai-agent-tool.json': finish(agentTool()),
};

module.exports = {
	EXAMPLES,
	EXAMPLE_GATEWAY_URL,
	CREDENTIALS,
	MODEL_CREDENTIAL,
	TOOL_IMAGE_URL,
	OCR_TOOL_TYPE,
	agentWorkflow: (/** @type {Parameters<typeof agentWorkflow>[0]} */ spec) =>
		finish(agentWorkflow(spec)),
};
