// @ts-check
/**
 * The workflows the queue-mode test and benchmark call through main's production webhooks. Each
 * answers with what the bank card node sent to Success (the webhook's "last node" response):
 *   ocr-upload    card images uploaded to the webhook (multipart; stored by main, read by a
 *                 worker), AppCode
 *   ocr-download  image URLs that n8n downloads first (HTTP Request node), AppKey & AppSecret
 *   ocr-urls      image URLs passed to the API as img_url, AppCode
 */
const crypto = require('crypto');

const { NODE_TYPE } = require('../n8n/instance');

const CREDENTIAL_IDS = { appCode: 'queueAppCode0001', signature: 'queueSignature01' };

/** @param {string} name @param {number[]} position @param {string} type @param {number} typeVersion @param {object} parameters */
function node(name, position, type, typeVersion, parameters) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position, parameters };
}

/** @param {string} webhookPath */
function webhook(webhookPath) {
	return {
		...node('Webhook', [0, 0], 'n8n-nodes-base.webhook', 2, {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		}),
		webhookId: crypto.randomUUID(),
	};
}

/** One item per URL in the body's `urls`, each as `{ url }`. */
function splitUrls() {
	return node('Split URLs', [220, 0], 'n8n-nodes-base.splitOut', 1, {
		fieldToSplitOut: 'body.urls',
		options: { destinationFieldName: 'url' },
	});
}

/**
 * @param {object} parameters @param {keyof typeof CREDENTIAL_IDS} credential
 * @param {number[]} position
 */
function ocr(parameters, credential, position) {
	return {
		...node('Read bank cards', position, NODE_TYPE, 1, parameters),
		credentials: {
			aliyunApiGatewayApi: { id: CREDENTIAL_IDS[credential], name: `Queue test (${credential})` },
		},
	};
}

/** @param {string} to */
const link = (to) => ({ node: to, type: 'main', index: 0 });

/** @param {string} id @param {string} name @param {any[]} nodes */
function chain(id, name, nodes) {
	/** @type {Record<string, { main: Array<Array<ReturnType<typeof link>>> }>} */
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[link(nodes[i + 1].name)]] };
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/**
 * Image URLs read with Concurrency 5 and the given Max Requests per Second (0: none), for the
 * shared budget's test and bench.
 * @param {string} webhookPath @param {number} maxRequestsPerSecond
 */
function budgetWorkflow(webhookPath, maxRequestsPerSecond) {
	const options = { concurrency: 5, ...(maxRequestsPerSecond ? { maxRequestsPerSecond } : {}) };
	return chain(
		`budget${webhookPath.replace(/\W/g, '')}`.slice(0, 16).padEnd(16, '0'),
		`Budget: ${webhookPath}`,
		[
			webhook(webhookPath),
			splitUrls(),
			ocr({ source: 'url', imageUrl: '={{ $json.url }}', options }, 'appCode', [440, 0]),
		],
	);
}

/** @param {{ concurrency?: number }} [options] the bank card node's own concurrency */
function queueWorkflows(options = {}) {
	const nodeOptions = options.concurrency ? { concurrency: options.concurrency } : {};
	return {
		capped: budgetWorkflow('ocr-urls-capped', 5),
		uncapped: budgetWorkflow('ocr-urls-uncapped', 0),
		upload: chain('queueOcrUpload01', 'Queue: uploaded card images', [
			webhook('ocr-upload'),
			ocr({ source: 'binary', binaryPropertyName: '*', options: nodeOptions }, 'appCode', [220, 0]),
		]),
		download: chain('queueOcrDownload', 'Queue: downloaded card images', [
			webhook('ocr-download'),
			splitUrls(),
			node('Download image', [440, 0], 'n8n-nodes-base.httpRequest', 4.2, {
				url: '={{ $json.url }}',
				options: { response: { response: { responseFormat: 'file' } } },
			}),
			ocr(
				{ source: 'binary', binaryPropertyName: 'data', options: nodeOptions },
				'signature',
				[660, 0],
			),
		]),
		urls: chain('queueOcrUrls0001', 'Queue: card image URLs', [
			webhook('ocr-urls'),
			splitUrls(),
			ocr(
				{ source: 'url', imageUrl: '={{ $json.url }}', options: nodeOptions },
				'appCode',
				[440, 0],
			),
		]),
	};
}

/**
 * The credentials, in n8n's import format (plain data; n8n encrypts them on import).
 * @param {string} baseUrl the stand-in gateway
 * @param {{ appCode: string, appKey: string, appSecret: string }} secrets
 */
function queueCredentials(baseUrl, secrets) {
	return [
		{
			id: CREDENTIAL_IDS.appCode,
			name: 'Queue test (appCode)',
			type: 'aliyunApiGatewayApi',
			data: { authType: 'appCode', appCode: secrets.appCode, baseUrl, stage: 'RELEASE' },
		},
		{
			id: CREDENTIAL_IDS.signature,
			name: 'Queue test (signature)',
			type: 'aliyunApiGatewayApi',
			data: {
				authType: 'signature',
				appKey: secrets.appKey,
				appSecret: secrets.appSecret,
				baseUrl,
				stage: 'RELEASE',
			},
		},
	];
}

module.exports = { queueWorkflows, queueCredentials };
