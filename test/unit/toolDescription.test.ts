/**
 * What n8n makes of the node as an AI Agent tool, from its description: the tool's Description
 * (what the model reads) and the parameters' defaults there. n8n runs a tool from the node's own
 * description with "Tool" added to its name; n8n-workflow's getNodeParameters applies the
 * `@tool` display options, and getToolDescriptionForNode picks what the model is told.
 */
import {
	type INode,
	type INodeParameters,
	type INodeTypeDescription,
	NodeHelpers,
} from 'n8n-workflow';

import { AliyunBankCardOcr } from '../../nodes/AliyunBankCardOcr/AliyunBankCardOcr.node';
import {
	TOOL_DESCRIPTION,
	TOOL_IMAGE_URL_DEFAULT,
	TOOL_IMAGE_URL_KEY,
} from '../../nodes/AliyunBankCardOcr/toolMode';

const node = new AliyunBankCardOcr().description;
const tool: INodeTypeDescription = { ...node, name: `${node.name}Tool` };

function defaults(description: INodeTypeDescription, set: INodeParameters = {}) {
	const parameters = NodeHelpers.getNodeParameters(
		description.properties,
		set,
		true,
		false,
		null,
		description,
	);
	return parameters as INodeParameters;
}

/** What n8n tells the model about a tool node with these (saved) parameters. */
function toldTheModel(saved: INodeParameters) {
	const toolNode = { parameters: defaults(tool, saved) } as unknown as INode;
	return NodeHelpers.getToolDescriptionForNode(toolNode, { description: tool } as never);
}

describe('the node as a tool', () => {
	it('tells the model the input, the output and that calls are billed, in few words', () => {
		expect(toldTheModel({})).toBe(TOOL_DESCRIPTION);
		expect(TOOL_DESCRIPTION).toMatch(/http\(s\) link/);
		expect(TOOL_DESCRIPTION).toMatch(/download from the internet/);
		for (const field of ['card_num', 'bank_name', 'card_type', 'card_num_valid', 'ret_code'])
			expect(TOOL_DESCRIPTION).toContain(field);
		expect(TOOL_DESCRIPTION).toMatch(/借记卡 = debit card/);
		expect(TOOL_DESCRIPTION).toMatch(/billed/);
		expect(TOOL_DESCRIPTION.split(/\s+/).length).toBeLessThan(110);
		// The user's own Description wins; the node keeps its one line for the nodes panel.
		expect(toldTheModel({ toolDescription: 'Reads cards' })).toBe('Reads cards');
		expect(node.description).toBe(
			'Read the card number, card type and bank name from bank card images',
		);
	});

	it('defaults to an image URL that the model gives, with a key and a description', () => {
		expect(defaults(tool)).toMatchObject({ source: 'url', imageUrl: TOOL_IMAGE_URL_DEFAULT });
		expect(TOOL_IMAGE_URL_DEFAULT).toMatch(
			new RegExp(`^=\\{\\{ \\$fromAI\\('${TOOL_IMAGE_URL_KEY}', '[^']{20,}', 'string'\\) \\}\\}$`),
		);
		// A user's own expression or source wins over the tool's defaults.
		expect(defaults(tool, { imageUrl: '={{ $json.url }}' }).imageUrl).toBe('={{ $json.url }}');
		expect(defaults(tool, { source: 'binary' })).toMatchObject({
			source: 'binary',
			binaryPropertyName: 'data',
		});
	});

	it('leaves the node itself as it was: Binary File, field "data", no tool Description', () => {
		const parameters = defaults(node);
		expect(parameters).toMatchObject({ source: 'binary', binaryPropertyName: 'data' });
		expect(parameters.imageUrl).toBeUndefined();
		expect(parameters.toolDescription).toBeUndefined();
		expect(defaults(node, { source: 'url' }).imageUrl).toBe('');
	});
});
