/**
 * Runs the node inside n8n's real execution engine (n8n-core's WorkflowExecute), as n8n does:
 * a real upstream node creates the items (and stores their binaries through n8n's binary data
 * service, on disk in filesystem mode), the credential is applied by a credentials helper that
 * calls the credential type's own `authenticate` (as n8n's CLI does), and HTTP goes through
 * n8n's real `httpRequestWithAuthentication`.
 */
import { Container } from '@n8n/di';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
	BinaryDataConfig,
	BinaryDataService,
	Credentials,
	ExecuteContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { AliyunApiGatewayApi } from '../../credentials/AliyunApiGatewayApi.credentials';
import { NODE_TYPE } from '../n8n/package';
import { AliyunBankCardOcr } from '../../nodes/AliyunBankCardOcr/AliyunBankCardOcr.node';

export const OCR_NODE_TYPE: string = NODE_TYPE;
const FIXTURE_NODE_TYPE = 'test.fixtureItems';

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

const fixtureItems = new Map<string, FixtureItem[]>();

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
					if (file.removeStoredFile && storedId && binaryStorageDir) {
						fs.rmSync(path.join(binaryStorageDir, storedId.slice(storedId.indexOf(':') + 1)));
					}
				}
			}
			out.push(result);
		}
		return [out];
	}
}

const API_CALL_NODE_TYPE = 'test.apiCall';
type ApiCall = (context: IExecuteFunctions) => Promise<unknown>;
const apiCalls = new Map<string, ApiCall>();

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

class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[OCR_NODE_TYPE]: new AliyunBankCardOcr(),
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

/** The part of n8n's CredentialsHelper that matters here: defaults, then `authenticate`. */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly credentialType = new AliyunApiGatewayApi();

	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return await this.credentialType.authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<Credentials> {
		return new Credentials({ id: null, name: '' }, '', '');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of this.credentialType.properties) {
			defaults[property.name] = property.default as ICredentialDataDecryptedObject[string];
		}
		return { ...defaults, ...this.data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties() {
		return this.credentialType.properties;
	}
}

export type BinaryMode = 'filesystem' | 'memory';

let binaryStorageDir: string | undefined;

/** Puts n8n's binary data service in filesystem mode (n8n 2.x's default) or memory mode. */
export async function useBinaryMode(mode: BinaryMode): Promise<void> {
	const config = Container.get(BinaryDataConfig);
	binaryStorageDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'bankcard-ocr-binary-'));
	config.localStoragePath = binaryStorageDir;
	config.mode = mode === 'filesystem' ? 'filesystem' : ('default' as BinaryDataConfig['mode']);
	await Container.get(BinaryDataService).init();
}

export function removeBinaryStorage(): void {
	if (binaryStorageDir) fs.rmSync(binaryStorageDir, { recursive: true, force: true });
	binaryStorageDir = undefined;
}

export interface RunOptions {
	parameters: IDataObject;
	credentials: ICredentialDataDecryptedObject;
	items: FixtureItem[];
	onError?: INode['onError'];
	/** Called when the node under test starts and ends (e.g. to measure its CPU time). */
	onNodeRun?: { before: () => void; after: () => void };
}

export interface RunResult {
	run: IRun;
	success: INodeExecutionData[];
	error: INodeExecutionData[];
	/** n8n's own error output (only with onError 'continueErrorOutput'). */
	errorOutput: INodeExecutionData[];
	/** The node's error when it stopped the workflow. */
	nodeError?: {
		message: string;
		description?: string | null;
		httpCode?: string | null;
		errorResponse?: unknown;
	};
	credentialsHelper: TestCredentialsHelper;
}

let runCounter = 0;

export async function runOcrNode(options: RunOptions): Promise<RunResult> {
	const key = `run-${++runCounter}`;
	fixtureItems.set(key, options.items);
	return await runAfterFixture(key, {
		type: OCR_NODE_TYPE,
		parameters: options.parameters as INodeParameters,
		credentials: options.credentials,
		onError: options.onError,
		onNodeRun: options.onNodeRun,
	});
}

/**
 * Runs `call` inside a node of a real workflow execution, with that node's execute functions
 * (its `helpers.requestWithAuthentication` and the rest) and the given credential.
 */
export async function runInNode(
	credentials: ICredentialDataDecryptedObject,
	call: ApiCall,
): Promise<{ result: unknown; nodeError?: RunResult['nodeError'] }> {
	const key = `run-${++runCounter}`;
	fixtureItems.set(key, [{ json: {} }]);
	apiCalls.set(key, call);
	try {
		const run = await runAfterFixture(key, {
			type: API_CALL_NODE_TYPE,
			parameters: { key },
			credentials,
		});
		return { result: run.success[0]?.json.result, nodeError: run.nodeError };
	} finally {
		apiCalls.delete(key);
	}
}

async function runAfterFixture(
	key: string,
	node: {
		type: string;
		parameters: INodeParameters;
		credentials: ICredentialDataDecryptedObject;
		onError?: INode['onError'];
		onNodeRun?: RunOptions['onNodeRun'];
	},
): Promise<RunResult> {
	const nodes: INode[] = [
		{
			id: 'fixture',
			name: 'Fixture Items',
			type: FIXTURE_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { key },
		},
		{
			id: 'ocr',
			name: 'Bank Card OCR',
			type: node.type,
			typeVersion: 1,
			position: [200, 0],
			parameters: node.parameters,
			credentials: { aliyunApiGatewayApi: { id: '1', name: 'Aliyun' } },
			onError: node.onError,
		},
	];
	const workflow = new Workflow({
		id: 'test',
		nodes,
		connections: {
			'Fixture Items': { main: [[{ node: 'Bank Card OCR', type: 'main', index: 0 }]] },
		},
		nodeTypes: new TestNodeTypes(),
		active: false,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks('manual', key, {
		id: 'test',
		name: 'test',
		nodes,
		connections: {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const { onNodeRun } = node;
	if (onNodeRun) {
		hooks.addHandler('nodeExecuteBefore', async (nodeName) => {
			if (nodeName === 'Bank Card OCR') onNodeRun.before();
		});
		hooks.addHandler('nodeExecuteAfter', async (nodeName) => {
			if (nodeName === 'Bank Card OCR') onNodeRun.after();
		});
	}
	const credentialsHelper = new TestCredentialsHelper(node.credentials);
	const additionalData = {
		hooks,
		credentialsHelper,
		executionId: key,
		currentNodeParameters: undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const run: IRun = await execution.processRunExecutionData(workflow);
	fixtureItems.delete(key);

	const task = run.data.resultData.runData['Bank Card OCR']?.[0];
	const outputs = task?.data?.main ?? [];
	const nodeError = task?.error as RunResult['nodeError'];
	return {
		run,
		success: outputs[0] ?? [],
		error: outputs[1] ?? [],
		errorOutput: outputs[2] ?? [],
		nodeError,
		credentialsHelper,
	};
}

/**
 * The credential's Test button, as n8n's CredentialsTester runs a declarative test: a
 * temporary node whose only property routes the test request, executed by n8n-core's
 * RoutingNode; HTTP errors are then matched against the test's `responseCode` rules.
 */
export async function runCredentialTest(
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credentialsHelper = new TestCredentialsHelper(data);
	const { test } = credentialsHelper.credentialType;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { aliyunApiGatewayApi: { id: '1', name: 'Aliyun' } },
	};
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'test.credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'aliyunApiGatewayApi', required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	const additionalData = {
		credentialsHelper,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const credentialsDecrypted = {
		id: '1',
		name: 'Aliyun',
		type: 'aliyunApiGatewayApi',
		data: await credentialsHelper.getDecrypted(),
	};
	try {
		await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status?: number } } }).cause?.response
			?.status;
		const rule = (test.rules ?? []).find(
			(r) => r.type === 'responseCode' && r.properties.value === status,
		);
		if (rule) return { status: 'Error', message: rule.properties.message };
		return {
			status: 'Error',
			message: status ? `Received HTTP status code: ${status}` : (error as Error).message,
		};
	}
	return { status: 'OK', message: 'Connection successful!' };
}
