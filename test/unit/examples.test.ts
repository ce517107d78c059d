/** The importable examples are generated from the demo data: the files must match the generator. */
import fs from 'fs';
import path from 'path';

import { EXAMPLES } from '../n8n/examples';
import { NODE_TYPE } from '../n8n/package';

describe('examples/', () => {
	it.each(Object.keys(EXAMPLES))('%s is up to date (node scripts/make-examples.js)', (file) => {
		const onDisk = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8');
		expect(onDisk).toBe(JSON.stringify(EXAMPLES[file as keyof typeof EXAMPLES], null, '\t') + '\n');
	});

	it('every example uses this package (the node, or its credential in the HTTP Request node) with a demo credential', () => {
		for (const workflow of Object.values(EXAMPLES)) {
			const users = (workflow.nodes as Array<{ type: string; credentials?: object }>).filter(
				(node) => node.type === NODE_TYPE || node.type === 'n8n-nodes-base.httpRequest',
			);
			expect(users.length).toBeGreaterThan(0);
			for (const node of users) expect(node.credentials).toHaveProperty('aliyunApiGatewayApi');
		}
	});
});
