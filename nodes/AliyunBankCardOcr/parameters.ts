/** Reads the node's parameters for one item into plain settings. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_ENDPOINT_PATH,
	DEFAULT_MAX_IMAGE_SIZE_MB,
	DEFAULT_RETRIES,
	DEFAULT_RETRY_BASE_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
} from './description';
import {
	base64JobForItem,
	binaryJobsForItem,
	type ImageJob,
	type ImageSourceKind,
	urlJobForItem,
} from './inputs';
import type { OutputOptions } from './routing';
import type { RequestSettings } from './transport';

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

/** Settings of the whole run (read from the first item, as n8n does for batching). */
export interface RunSettings {
	concurrency: number;
	maxRequestsPerSecond: number;
	retries: number;
	retryBaseWaitMs: number;
}

/** Settings of one item's images. */
export interface ItemSettings {
	output: OutputOptions;
	request: RequestSettings;
}

function readOptions(context: IExecuteFunctions, itemIndex: number): NodeOptions {
	return context.getNodeParameter('options', itemIndex, {}) as NodeOptions;
}

function wholeNumber(value: unknown, fallback: number, min: number): number {
	const number = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
	return Math.max(min, number);
}

export function joinUrl(baseUrl: string, path: string): string {
	const cleanPath = path.trim() || DEFAULT_ENDPOINT_PATH;
	return `${baseUrl.trim().replace(/\/+$/, '')}/${cleanPath.replace(/^\/+/, '')}`;
}

export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const options = readOptions(context, 0);
	return {
		concurrency: wholeNumber(options.concurrency, DEFAULT_CONCURRENCY, 1),
		maxRequestsPerSecond: Math.max(0, Number(options.maxRequestsPerSecond ?? 0) || 0),
		retries: wholeNumber(options.retries, DEFAULT_RETRIES, 0),
		retryBaseWaitMs: wholeNumber(options.retryBaseWait, DEFAULT_RETRY_BASE_WAIT_MS, 0),
	};
}

export function readItemSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	baseUrl: string,
): ItemSettings {
	return itemSettingsFromOptions(readOptions(context, itemIndex), baseUrl);
}

/** The settings of an item whose parameters could not be read: the defaults. */
export function defaultItemSettings(baseUrl: string): ItemSettings {
	return itemSettingsFromOptions({}, baseUrl);
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
			url: joinUrl(baseUrl, String(options.endpointPath ?? DEFAULT_ENDPOINT_PATH)),
			timeoutMs: wholeNumber(options.timeout, DEFAULT_TIMEOUT_MS, 1),
			maxImageBytes: Number.isFinite(maxImageMb) && maxImageMb > 0 ? Math.round(maxImageMb * 1024 * 1024) : 0,
		},
	};
}

/** The image jobs of one item, in the order their output items will leave. */
export function readItemJobs(
	context: IExecuteFunctions,
	itemIndex: number,
): Array<Omit<ImageJob, 'index'>> {
	const source = context.getNodeParameter('source', itemIndex, 'binary') as ImageSourceKind;
	if (source === 'url') {
		return [urlJobForItem(itemIndex, context.getNodeParameter('imageUrl', itemIndex, ''))];
	}
	if (source === 'base64') {
		return [base64JobForItem(itemIndex, context.getNodeParameter('base64String', itemIndex, ''))];
	}
	const fieldList = String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	return binaryJobsForItem(itemIndex, fieldList, context.getInputData()[itemIndex]?.binary);
}
