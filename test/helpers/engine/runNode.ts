/** Runs a two-node workflow (fixture items → the node under test) in n8n's WorkflowExecute. */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import {
	API_CALL_NODE_TYPE,
	type ApiCall,
	apiCalls,
	FIXTURE_NODE_TYPE,
	type FixtureItem,
	fixtureItems,
	OCR_NODE_TYPE,
	OCR_TOOL_NODE_TYPE,
	TestNodeTypes,
} from './testNodes';

export interface RunOptions {
	parameters: IDataObject;
	credentials: ICredentialDataDecryptedObject;
	items: FixtureItem[];
	onError?: INode['onError'];
	/** Called when the node under test starts and ends (e.g. to measure its CPU time). */
	onNodeRun?: { before: () => void; after: () => void };
	/** Stops the execution this long after it started, as n8n's Stop button does. */
	cancelAfterMs?: number;
	/** Runs the node's Tool variant (as an AI Agent runs it), with the items as its input. */
	asTool?: boolean;
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
		type: options.asTool ? OCR_TOOL_NODE_TYPE : OCR_NODE_TYPE,
		parameters: options.parameters as INodeParameters,
		credentials: options.credentials,
		onError: options.onError,
		onNodeRun: options.onNodeRun,
		cancelAfterMs: options.cancelAfterMs,
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
		cancelAfterMs?: number;
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
	const running = execution.processRunExecutionData(workflow);
	if (node.cancelAfterMs !== undefined) {
		const cancelAfterMs = node.cancelAfterMs;
		void new Promise((resolve) => setTimeout(resolve, cancelAfterMs)).then(() => running.cancel());
	}
	const run: IRun = await running;
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
