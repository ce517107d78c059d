import { randomUUID } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	addAppCode,
	addSignature,
	type AliyunApiGatewayCredentials,
	type GatewayRequestOptions,
	prepareWireRequest,
} from './common/aliyunRequest';
import { DEFAULT_CONTENT_TYPE } from './common/formEncoding';
import { deleteHeader, getHeader } from './common/headers';

/** How long the Test button waits for the gateway before it says so. */
const TEST_TIMEOUT_MS = 15000;

/**
 * Marks the Test button's request for `authenticate`, which removes it before anything is
 * signed or sent. n8n runs the test through its RoutingNode, which replaces the request's own
 * timeout with five minutes; only `authenticate` sees the request after that.
 */
const CREDENTIAL_TEST_HEADER = 'X-Credential-Test-Timeout';

export class AliyunApiGatewayApi implements ICredentialType {
	name = 'aliyunApiGatewayApi';

	displayName = 'Aliyun API Gateway API';

	icon = {
		light: 'file:icons/aliyunApiGateway.svg',
		dark: 'file:icons/aliyunApiGateway.dark.svg',
	} as const;

	documentationUrl =
		'https://help.aliyun.com/zh/api-gateway/traditional-api-gateway/use-cases/call-apis';

	properties: INodeProperties[] = [
		{
			displayName:
				'Works with the Aliyun Bank Card OCR node, and with any other API of the same Aliyun app from the HTTP Request node (Authentication: Predefined Credential Type): requests are signed for you',
			name: 'usageNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'AppCode',
					value: 'appCode',
					description: 'Simple authentication: sends the AppCode in the Authorization header',
				},
				{
					name: 'AppKey & AppSecret',
					value: 'signature',
					description: 'Digest authentication: signs every request with HMAC-SHA256',
				},
			],
			default: 'appCode',
		},
		{
			displayName: 'AppCode',
			name: 'appCode',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'Aliyun console → Cloud Market → Purchased Services (已购买的服务) → AppCode',
			displayOptions: { show: { authType: ['appCode'] } },
		},
		{
			displayName: 'AppKey',
			name: 'appKey',
			type: 'string',
			required: true,
			default: '',
			hint: 'Aliyun console → Cloud Market → Purchased Services (已购买的服务) → AppKey',
			displayOptions: { show: { authType: ['signature'] } },
		},
		{
			displayName: 'AppSecret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'Shown next to the AppKey; keep it secret',
			displayOptions: { show: { authType: ['signature'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://idcard91.market.alicloudapi.com',
			description:
				'The API host. Change it only for a private gateway or a test server (HTTP works too).',
		},
		{
			displayName: 'Stage',
			name: 'stage',
			type: 'options',
			options: [
				{ name: 'Release', value: 'RELEASE' },
				{ name: 'Pre-Release', value: 'PRE' },
				{ name: 'Test', value: 'TEST' },
			],
			default: 'RELEASE',
			description: 'The API Gateway stage, sent as X-Ca-Stage. Marketplace APIs use Release.',
		},
	];

	// A field, not a method: n8n describes a community package's credential to the editor from a
	// copy of its own fields, and a method would be left out. The HTTP Request node offers under
	// "Predefined Credential Type" only credentials whose description has `authenticate`.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const { authType, appCode, appKey, appSecret, stage } =
			credentials as unknown as AliyunApiGatewayCredentials;
		const testTimeout = getHeader(requestOptions.headers ?? {}, CREDENTIAL_TEST_HEADER);
		if (testTimeout !== undefined) {
			deleteHeader(requestOptions.headers ?? {}, CREDENTIAL_TEST_HEADER);
			requestOptions.timeout = Number(testTimeout);
		}
		// n8n may hand over its legacy request shape here (the HTTP Request node does).
		const prepared = await prepareWireRequest(
			requestOptions as GatewayRequestOptions,
			stage ?? 'RELEASE',
		);
		// Pasted values often bring a space or a line break along: they are never part of a key.
		if (authType === 'signature') {
			const nonce = { timestamp: String(Date.now()), nonce: randomUUID() };
			const signing = { appKey: (appKey ?? '').trim(), appSecret: (appSecret ?? '').trim() };
			return addSignature(prepared, signing, nonce).options;
		}
		return addAppCode(prepared, (appCode ?? '').trim());
	};

	// An empty request: the vendor answers ret_code 10 free of charge once the gateway lets
	// it through, while wrong credentials are refused by the gateway with HTTP 4xx.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim()}}',
			url: '/ocrBankCardGeneral',
			method: 'POST',
			headers: {
				'Content-Type': DEFAULT_CONTENT_TYPE,
				[CREDENTIAL_TEST_HEADER]: String(TEST_TIMEOUT_MS),
			},
			body: '',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'Aliyun API Gateway rejected the credential (HTTP 400): check the AppCode, or the AppKey and AppSecret, and the Stage',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Aliyun API Gateway found no valid signature (HTTP 401): check the AppKey and AppSecret',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Aliyun API Gateway refused the call (HTTP 403): the app is not subscribed to this API, its quota is used up, or the account is in arrears',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Aliyun API Gateway found no signature or no such API (HTTP 404): check the AppKey and AppSecret and the Base URL',
				},
			},
		],
	};
}
