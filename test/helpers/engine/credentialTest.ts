/** The credential's Test button, run as n8n runs a declarative credential test. */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeType,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	NodeConnectionTypes,
	Workflow,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';

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
