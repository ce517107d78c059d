/** The importable examples are generated from the demo data: the files must match the generator. */
import fs from 'fs';
import path from 'path';

import { EXAMPLES } from '../../scripts/make-examples';

describe('examples/', () => {
	it.each(Object.keys(EXAMPLES))('%s is up to date (node scripts/make-examples.js)', (file) => {
		const onDisk = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8');
		expect(onDisk).toBe(JSON.stringify(EXAMPLES[file as keyof typeof EXAMPLES], null, '\t') + '\n');
	});

	it('every example uses the node and names a demo credential', () => {
		for (const workflow of Object.values(EXAMPLES)) {
			const ocrNodes = (workflow.nodes as Array<{ type: string }>).filter((node) => node.type === 'n8n-nodes-aliyun-bankcard-ocr.aliyunBankCardOcr');
			expect(ocrNodes.length).toBeGreaterThan(0);
			for (const node of ocrNodes) expect((node as { credentials?: object }).credentials).toHaveProperty('aliyunApiGatewayApi');
		}
	});
});
