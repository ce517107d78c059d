/** The importable examples are generated from the demo data: the files must match the generator. */
import fs from 'fs';
import path from 'path';

import { TOOL_IMAGE_URL_DEFAULT } from '../../nodes/AliyunBankCardOcr/toolMode';
import { EXAMPLES, OCR_TOOL_TYPE, TOOL_IMAGE_URL } from '../n8n/examples';
import { NODE_TYPE } from '../n8n/package';

describe('examples/', () => {
	it.each(Object.keys(EXAMPLES))('%s is up to date (node scripts/make-examples.js)', (file) => {
		const onDisk = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8');
		expect(onDisk).toBe(JSON.stringify(EXAMPLES[file as keyof typeof EXAMPLES], null, '\t') + '\n');
	});

	it('every example uses this package (the node, its tool, or its credential in the HTTP Request node) with a demo credential', () => {
		const ours = [NODE_TYPE, OCR_TOOL_TYPE, 'n8n-nodes-base.httpRequest'];
		for (const workflow of Object.values(EXAMPLES)) {
			const users = (workflow.nodes as Array<{ type: string; credentials?: object }>).filter(
				(node) => ours.includes(node.type),
			);
			expect(users.length).toBeGreaterThan(0);
			for (const node of users) expect(node.credentials).toHaveProperty('aliyunApiGatewayApi');
		}
	});

	it("the agent example's tool shows the tool's own default Image URL expression", () => {
		expect(TOOL_IMAGE_URL).toBe(TOOL_IMAGE_URL_DEFAULT);
	});
});
