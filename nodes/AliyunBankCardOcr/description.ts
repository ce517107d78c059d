import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { TOOL_DESCRIPTION, TOOL_IMAGE_URL_DEFAULT } from './toolMode';

export const DEFAULT_ENDPOINT_PATH = '/ocrBankCardGeneral';
export const DEFAULT_TIMEOUT_MS = 30000;
export const DEFAULT_MAX_IMAGE_SIZE_MB = 4;
export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_BASE_WAIT_MS = 500;

const imageSourceOptions: INodePropertyOptions[] = [
	{
		name: 'Binary File',
		value: 'binary',
		description: 'Image files on the item, e.g. email attachments or downloaded files',
	},
	{
		name: 'Image URL',
		value: 'url',
		description: 'A public link to the image, e.g. a column of a spreadsheet row',
	},
	{
		name: 'Base64 String',
		value: 'base64',
		description: 'The image encoded as base64, with or without a data: prefix',
	},
];

/** Shown only when the node runs as an AI Agent's tool, or only when it does not. */
const asTool = { '@tool': [true] };

export const nodeProperties: INodeProperties[] = [
	{
		// n8n adds a Description of its own to a tool unless the node has one, and its default
		// would be the node's one-line description; this one tells the model input and output.
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: TOOL_DESCRIPTION,
		required: true,
		typeOptions: { rows: 4 },
		description:
			'What the AI model reads about this tool: what it does, what to give it, what comes back',
		displayOptions: { show: asTool },
	},
	{
		displayName: 'Image Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: imageSourceOptions,
		default: 'binary',
		displayOptions: { hide: asTool },
	},
	{
		// An agent passes no files to its tools: as a tool, the node reads a link by default.
		displayName: 'Image Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: imageSourceOptions,
		default: 'url',
		displayOptions: { show: asTool },
	},
	{
		displayName: 'Input Binary Field(s)',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data, or attachment_0, attachment_1, or *',
		hint: 'One field, a comma-separated list, or * for every binary field (email attachments)',
		description:
			'The binary field(s) holding the card images. Each image becomes its own output item.',
		displayOptions: { show: { source: ['binary'] } },
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/card.jpg',
		description:
			'A link the API can download the image from; it must be reachable from the internet',
		displayOptions: { show: { source: ['url'] }, hide: asTool },
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: TOOL_IMAGE_URL_DEFAULT,
		required: true,
		description:
			'A link the API can download the image from; it must be reachable from the internet. By default the model gives it.',
		displayOptions: { show: { source: ['url'], ...asTool } },
	},
	{
		displayName: 'Base64 String',
		name: 'base64String',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. /9j/4AAQSkZJRg… or data:image/jpeg;base64,/9j/…',
		description: 'The image as a base64 string',
		displayOptions: { show: { source: ['base64'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_CONCURRENCY,
				description:
					"How many of the app's requests may be in flight at once. Counted across every execution in this n8n process that uses the same Aliyun app.",
			},
			{
				displayName: 'Endpoint Path',
				name: 'endpointPath',
				type: 'string',
				default: DEFAULT_ENDPOINT_PATH,
				description: "The API path, appended to the credential's Base URL",
			},
			{
				displayName: 'Full Response',
				name: 'fullResponse',
				type: 'boolean',
				default: false,
				description: 'Whether to add the raw reply of the API (the showapi envelope) as "response"',
			},
			{
				displayName: 'Include Input Fields',
				name: 'includeInputFields',
				type: 'boolean',
				default: false,
				description: "Whether to copy the input item's fields into each output item",
			},
			{
				displayName: 'Keep Binary',
				name: 'keepBinary',
				type: 'boolean',
				default: false,
				description: 'Whether to pass the card image on with its output item',
			},
			{
				displayName: 'Mask Card Number',
				name: 'maskCardNumber',
				type: 'boolean',
				default: false,
				description:
					'Whether to keep only the first 6 and last 4 digits of the card number, e.g. 622202******1234',
			},
			{
				displayName: 'Max Image Size (MB)',
				name: 'maxImageSize',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: DEFAULT_MAX_IMAGE_SIZE_MB,
				description:
					'Larger images go to the Error output without being sent (nothing is billed). 0 means no limit.',
			},
			{
				displayName: 'Max Requests per Second',
				name: 'maxRequestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'The QPS of your Aliyun plan; 0 means no cap. Shared by every execution in this n8n process that uses the same app: at most this many of its requests (retries included) start in any 1.1 seconds, so the gateway never counts more in one second. With or without it, the node slows down by itself when the gateway throttles.',
			},
			{
				displayName: 'Put Output in Field',
				name: 'putResultInField',
				type: 'string',
				default: '',
				placeholder: 'e.g. card',
				description:
					'The field to put the card data in. Leave empty to put it at the top level of the item.',
			},
			{
				displayName: 'Retries',
				name: 'retries',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_RETRIES,
				description:
					'How often to retry a request that failed for a passing reason (timeout, HTTP 5xx, a reset connection), waiting longer each time. Throttled requests wait for the app and go again without counting here.',
			},
			{
				displayName: 'Retry Base Wait',
				name: 'retryBaseWait',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_RETRY_BASE_WAIT_MS,
				description:
					'Milliseconds to wait before the first retry; the wait doubles with each retry (with random jitter), up to 10 seconds',
			},
			{
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_MS,
				description:
					'How long one request may take in all, in milliseconds, from sending the image to the last byte of the reply',
			},
		],
	},
];
