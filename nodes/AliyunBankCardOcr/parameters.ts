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
import { base64JobForItem, binaryJobsForItem, type ImageJob, urlJobForItem } from './imageJobs';
import type { OutputOptions } from './outputItems';
import type { RequestSettings } from './transport';
import type { ImageSourceKind } from './types';

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
			baseUrl: baseUrl.trim(),
			endpointPath: String(options.endpointPath ?? '').trim() || DEFAULT_ENDPOINT_PATH,
			timeoutMs: wholeNumber(options.timeout, DEFAULT_TIMEOUT_MS, 1),
			maxImageBytes:
				Number.isFinite(maxImageMb) && maxImageMb > 0 ? Math.round(maxImageMb * 1024 * 1024) : 0,
		},
	};
}

/** The image jobs of one item, in the order their output items will leave. */
/** The item's Image Source (a fixed parameter: it takes no expression, so it always reads). */
export function readImageSource(context: IExecuteFunctions, itemIndex: number): ImageSourceKind {
	return context.getNodeParameter('source', itemIndex, 'binary') as ImageSourceKind;
}

export function readItemJobs(
	context: IExecuteFunctions,
	itemIndex: number,
): Array<Omit<ImageJob, 'index'>> {
	const source = readImageSource(context, itemIndex);
	if (source === 'url') {
		return [urlJobForItem(itemIndex, context.getNodeParameter('imageUrl', itemIndex, ''))];
	}
	if (source === 'base64') {
		return [base64JobForItem(itemIndex, context.getNodeParameter('base64String', itemIndex, ''))];
	}
	const fieldList = String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	return binaryJobsForItem(itemIndex, fieldList, context.getInputData()[itemIndex]?.binary);
}
