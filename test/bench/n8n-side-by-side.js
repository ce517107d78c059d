// @ts-check
/**
 * In a real n8n 2.x: the same image-URL rows through this node and through n8n's own HTTP
 * Request node set up by hand for the same endpoint (APPCODE header, form body, batching at
 * the same concurrency). Returns both nodes' execution times from n8n's run data.
 */
const { CREDENTIALS } = require('../n8n/examples');
const { DEMO_APP_CODE, DEMO_CARDS } = require('../gateway/demo-data');
const { ensureHost } = require('../n8n/hosts');
const { N8nInstance, NODE_TYPE, packPackage } = require('../n8n/instance');
const { demoCredentials } = require('../n8n/demo-stand-ins');

/** @param {string} id @param {string} rowsUrl @param {number} count @param {object} node */
function workflow(id, rowsUrl, count, node) {
	const jsCode = `return Array.from({ length: ${count} }, (_, i) => ({ json: { row: i + 2, image_url: '${rowsUrl}' } }));`;
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-t`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-rows`,
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode },
			},
			{ id: `${id}-n`, name: 'Under test', position: [400, 0], ...node },
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Under test', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * @param {string} gatewayUrl a running stand-in (with the demo accounts and images)
 * @param {{ items: number, concurrency: number, batchIntervalMs: number }} options
 */
async function sideBySide(gatewayUrl, { items, concurrency, batchIntervalMs }) {
	const host = await ensureHost('n8n2');
	const { tarball } = packPackage();
	const n8n = new N8nInstance(host);
	try {
		await n8n.reservePorts();
		n8n.installPackage(tarball);
		await n8n.importCredentials(demoCredentials(gatewayUrl));
		const rowsUrl = `${gatewayUrl}/images/dave.png`;
		const ocrNode = {
			type: NODE_TYPE,
			typeVersion: 1,
			parameters: { source: 'url', imageUrl: '={{ $json.image_url }}', options: { concurrency } },
			credentials: { aliyunApiGatewayApi: CREDENTIALS.appCode },
		};
		// n8n's batching paces request starts (batchSize every batchInterval); it never caps the
		// requests in flight. Batches of `concurrency` every latency match this node's concurrency.
		const httpNode = (/** @type {number} */ batchInterval) => ({
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${gatewayUrl}/ocrBankCardGeneral`,
				sendHeaders: true,
				headerParameters: {
					parameters: [{ name: 'Authorization', value: `APPCODE ${DEMO_APP_CODE}` }],
				},
				sendBody: true,
				contentType: 'form-urlencoded',
				bodyParameters: { parameters: [{ name: 'img_url', value: '={{ $json.image_url }}' }] },
				options:
					batchInterval > 0
						? { batching: { batch: { batchSize: concurrency, batchInterval } } }
						: {},
			},
		});
		await n8n.importWorkflows([
			workflow('benchOcrNode0001', rowsUrl, items, ocrNode),
			workflow('benchHttpBatched', rowsUrl, items, httpNode(batchIntervalMs)),
			workflow('benchHttpAllOnce', rowsUrl, items, httpNode(0)),
		]);
		/** @param {string} id */
		const timeOf = async (id) => {
			const execution = await n8n.execute(id);
			const task = execution.data.resultData.runData['Under test'][0];
			const out = task.data?.main?.[0] ?? [];
			const cards = out.filter(
				(/** @type {any} */ item) =>
					(item.json.card_num ?? item.json.showapi_res_body?.card_num) === DEMO_CARDS.dave.card_num,
			);
			return {
				ms: task.executionTime,
				items: out.length,
				cards: cards.length,
				status: execution.status,
			};
		};
		const ocr = await timeOf('benchOcrNode0001');
		const httpBatched = await timeOf('benchHttpBatched');
		const httpUnbatched = await timeOf('benchHttpAllOnce');
		return { n8nVersion: n8n.version, ocr, httpBatched, httpUnbatched };
	} finally {
		n8n.cleanup();
	}
}

module.exports = { sideBySide };
