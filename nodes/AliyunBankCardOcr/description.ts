import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_ENDPOINT_PATH = '/ocrBankCardGeneral';
export const DEFAULT_TIMEOUT_MS = 30000;
export const DEFAULT_MAX_IMAGE_SIZE_MB = 4;
export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_BASE_WAIT_MS = 500;

export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Image Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
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
		],
		default: 'binary',
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
		displayOptions: { show: { source: ['url'] } },
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
				description: 'How many requests may be in flight at once',
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
					'The QPS your Aliyun plan allows; 0 means no cap. At most this many requests (retries included) start in any 1.1 seconds: the extra 0.1 s absorbs network jitter, so the gateway never counts more in one second.',
			},
			{
				displayName: 'Put Result In Field',
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
					'How often to retry a request that failed for a passing reason (timeout, throttling, HTTP 5xx), waiting longer each time',
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
				description: 'How long to wait for the API to answer one request, in milliseconds',
			},
		],
	},
];
