/** The nodes of the test workflows: the OCR node, a fixture node that emits items, an API caller. */
import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	NodeConnectionTypes,
	NodeHelpers,
} from 'n8n-workflow';

import { AliyunBankCardOcr } from '../../../nodes/AliyunBankCardOcr/AliyunBankCardOcr.node';
import { NODE_TYPE } from '../../n8n/package';
import { removeStoredBinary } from './binaryStorage';

export const OCR_NODE_TYPE: string = NODE_TYPE;
/** The node as n8n offers it to AI Agents: the same class under a type whose name ends in Tool. */
export const OCR_TOOL_NODE_TYPE = `${NODE_TYPE}Tool`;
export const FIXTURE_NODE_TYPE = 'test.fixtureItems';

/** An input item for the fixture node: json, and binaries as raw bytes (or made on demand). */
export interface FixtureItem {
	json?: IDataObject;
	binary?: Record<string, FixtureFile>;
}

export interface FixtureFile {
	bytes: Buffer | (() => Buffer);
	fileName?: string;
	mimeType?: string;
	/** Delete the stored file right after storing it (filesystem mode): an unreadable binary. */
	removeStoredFile?: boolean;
}

export const fixtureItems = new Map<string, FixtureItem[]>();

/** A test node: one input, one output, a `key` parameter naming what it should do. */
function testNodeDescription(name: string, description: string): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Key', name: 'key', type: 'string', default: '' }],
	};
}

/** Emits the registered items, storing binaries the way trigger nodes do. */
class FixtureItemsNode implements INodeType {
	description = testNodeDescription('fixtureItems', 'Emits test items');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const key = this.getNodeParameter('key', 0) as string;
		const out: INodeExecutionData[] = [];
		for (const item of fixtureItems.get(key) ?? []) {
			const result: INodeExecutionData = { json: item.json ?? {}, pairedItem: { item: 0 } };
			if (item.binary) {
				result.binary = {};
				for (const [field, file] of Object.entries(item.binary)) {
					result.binary[field] = await this.helpers.prepareBinaryData(
						typeof file.bytes === 'function' ? file.bytes() : file.bytes,
						file.fileName,
						file.mimeType,
					);
					const storedId = result.binary[field].id;
					if (file.removeStoredFile && storedId) removeStoredBinary(storedId);
				}
			}
			out.push(result);
		}
		return [out];
	}
}

export const API_CALL_NODE_TYPE = 'test.apiCall';
export type ApiCall = (context: IExecuteFunctions) => Promise<unknown>;
export const apiCalls = new Map<string, ApiCall>();

/** Runs a registered callback with the node's real execute functions; emits what it returns. */
class ApiCallNode implements INodeType {
	description: INodeTypeDescription = {
		...testNodeDescription('apiCall', 'Calls an API the way a node does'),
		credentials: [{ name: 'aliyunApiGatewayApi', required: true }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const call = apiCalls.get(this.getNodeParameter('key', 0) as string);
		const result = call ? await call(this) : undefined;
		return [[{ json: { result: result as IDataObject }, pairedItem: { item: 0 } }]];
	}
}

/**
 * The part of n8n's Tool variant (made by the n8n app, not n8n-core) that the node and n8n's
 * parameter rules see: the name with "Tool" added, which is what `@tool` display options test.
 * Inputs and outputs stay `main`, so that the harness can give the tool its item as the agent
 * does and read what it returns.
 */
function asToolVariant(nodeType: INodeType): INodeType {
	const description = { ...nodeType.description, name: `${nodeType.description.name}Tool` };
	return { description, execute: nodeType.execute } as INodeType;
}

export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[OCR_NODE_TYPE]: new AliyunBankCardOcr(),
		[OCR_TOOL_NODE_TYPE]: asToolVariant(new AliyunBankCardOcr()),
		[FIXTURE_NODE_TYPE]: new FixtureItemsNode(),
		[API_CALL_NODE_TYPE]: new ApiCallNode(),
	};

	getByName(nodeType: string): INodeType {
		return this.types[nodeType];
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.types[nodeType], version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
