/**
 * Reads the node's parameters into plain settings, and the input items into image jobs: one
 * per image, each with its item's settings. A URL is checked here once, before anything is
 * sent, so that a wrong Base URL or Endpoint Path is never retried as a network fault.
 */
import {
	type IDataObject,
	type IExecuteFunctions,
	NodeOperationError,
	UserError,
} from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_ENDPOINT_PATH,
	DEFAULT_MAX_IMAGE_SIZE_MB,
	DEFAULT_RETRIES,
	DEFAULT_RETRY_BASE_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
} from './description';
import { localFailure } from './failureRules';
import { base64JobForItem, binaryJobsForItem, type JobDraft, urlJobForItem } from './imageJobs';
import { continuesOnFail, isToolMode } from './toolMode';
import {
	type ImageJob,
	type ImageSourceKind,
	type ItemSettings,
	RET_CODE,
	type RunSettings,
} from './types';

interface NodeOptions extends IDataObject {
	concurrency?: number;
	endpointPath?: string;
	fullResponse?: boolean;
	includeInputFields?: boolean;
	keepBinary?: boolean;
	maskCardNumber?: boolean;
	maxImageSize?: number;
	maxRequestsPerSecond?: number;
	putResultInField?: string;
	retries?: number;
	retryBaseWait?: number;
	timeout?: number;
}

/** The longest wait a timer can hold; a larger Timeout would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function readOptions(context: IExecuteFunctions, itemIndex: number): NodeOptions {
	return context.getNodeParameter('options', itemIndex, {}) as NodeOptions;
}

function wholeNumber(value: unknown, fallback: number, min: number, max = Infinity): number {
	const number = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
	return Math.min(max, Math.max(min, number));
}

/**
 * When item 0's options cannot be read (a failing expression), the run uses the defaults:
 * the item's own read then fails and reports it, as an Error item or a node error.
 */
export function readRunSettings(context: IExecuteFunctions): RunSettings {
	let options: NodeOptions = {};
	try {
		options = readOptions(context, 0);
	} catch {
		options = {};
	}
	return {
		concurrency: wholeNumber(options.concurrency, DEFAULT_CONCURRENCY, 1),
		maxRequestsPerSecond: Math.max(0, Number(options.maxRequestsPerSecond ?? 0) || 0),
		retries: wholeNumber(options.retries, DEFAULT_RETRIES, 0),
		retryBaseWaitMs: wholeNumber(options.retryBaseWait, DEFAULT_RETRY_BASE_WAIT_MS, 0),
	};
}

/** The credential's Base URL, checked: an http(s) address with a host. */
export function readBaseUrl(context: IExecuteFunctions, baseUrl: unknown): string {
	const value = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
		throw new NodeOperationError(
			context.getNode(),
			`The credential's Base URL "${value.slice(0, 100)}" is not an http(s) address`,
			{
				description:
					'Set Base URL in the Aliyun API Gateway credential to a full address such as https://idcard91.market.alicloudapi.com (with https://).',
			},
		);
	}
	return value;
}

/**
 * The Endpoint Path, checked: a path on the credential's host. An absolute or
 * protocol-relative URL would send the AppCode or the signature to another host.
 */
function checkEndpointPath(path: string): string {
	if (/^[a-z][a-z\d+\-.]*:/i.test(path) || /^[\\/]{2}/.test(path)) {
		throw new UserError(
			`Endpoint Path "${path.slice(0, 100)}" is not a path: give only the path on the credential's Base URL, e.g. ${DEFAULT_ENDPOINT_PATH}`,
		);
	}
	return path;
}

function itemSettingsFromOptions(options: NodeOptions, baseUrl: string): ItemSettings {
	const maxImageMb = Number(options.maxImageSize ?? DEFAULT_MAX_IMAGE_SIZE_MB);
	return {
		output: {
			includeInputFields: options.includeInputFields === true,
			maskCardNumber: options.maskCardNumber === true,
			putResultInField: String(options.putResultInField ?? '').trim(),
			keepBinary: options.keepBinary === true,
			fullResponse: options.fullResponse === true,
		},
		request: {
			baseUrl,
			endpointPath: checkEndpointPath(
				String(options.endpointPath ?? '').trim() || DEFAULT_ENDPOINT_PATH,
			),
			timeoutMs: wholeNumber(options.timeout, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS),
			maxImageBytes:
				Number.isFinite(maxImageMb) && maxImageMb > 0 ? Math.round(maxImageMb * 1024 * 1024) : 0,
		},
	};
}

function readItemSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	baseUrl: string,
): ItemSettings {
	const settings = itemSettingsFromOptions(readOptions(context, itemIndex), baseUrl);
	const field = settings.output.putResultInField;
	if (field === 'error' && context.getNode().onError === 'continueErrorOutput') {
		// n8n moves an item whose only field is `error` to its error output.
		throw new UserError(
			'Put Output in Field cannot be "error" with On Error set to "Continue (using error output)": n8n would take every card for a failure. Choose another name, e.g. card.',
		);
	}
	return settings;
}

/** The item's Image Source (a fixed parameter: it takes no expression, so it always reads). */
function readImageSource(context: IExecuteFunctions, itemIndex: number): ImageSourceKind {
	return context.getNodeParameter('source', itemIndex, 'binary') as ImageSourceKind;
}

/** The image jobs of one item, in the order their output items will leave. */
function readItemJobs(context: IExecuteFunctions, itemIndex: number): JobDraft[] {
	const source = readImageSource(context, itemIndex);
	if (source === 'url') {
		return [urlJobForItem(itemIndex, context.getNodeParameter('imageUrl', itemIndex, ''))];
	}
	if (source === 'base64') {
		return [base64JobForItem(itemIndex, context.getNodeParameter('base64String', itemIndex, ''))];
	}
	const fieldList = String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const binary = context.getInputData()[itemIndex]?.binary;
	return binaryJobsForItem(itemIndex, fieldList, binary, isToolMode(context.getNode()));
}

/**
 * One job per image, in input order. Parameters that cannot be read fail their item only:
 * an Error item under "continue on fail" and in tool mode, else the node's error for that item.
 */
export function readJobs(context: IExecuteFunctions, baseUrl: string): ImageJob[] {
	const jobs: ImageJob[] = [];
	const itemCount = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		let settings: ItemSettings | undefined;
		try {
			settings = readItemSettings(context, itemIndex, baseUrl);
			for (const draft of readItemJobs(context, itemIndex)) jobs.push({ ...draft, settings });
		} catch (error) {
			if (!continuesOnFail(context)) {
				throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
			}
			jobs.push({
				itemIndex,
				origin: { source: readImageSource(context, itemIndex) },
				settings: settings ?? itemSettingsFromOptions({}, baseUrl),
				failure: localFailure(
					RET_CODE.badParameter,
					`The node's parameters could not be read for this item: ${(error as Error).message}`,
				),
			});
		}
	}
	return jobs;
}
