/**
 * Builds the output items from the outcomes: Success for ret_code 0, Error for everything
 * else; one item per image, in job order, each paired with its input item. With Mask Card
 * Number on, the mask is applied here, once, to every field a number can reach. Pure.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	detectCardNetwork,
	isLuhnValid,
	maskCardNumber,
	maskCardNumbersIn,
	maskCardNumbersInText,
	normalizeCardNumber,
} from './cardNumber';
import { requestIdDescription } from './nodeError';
import {
	type ImageJob,
	type ImageOrigin,
	type ImageResult,
	type OcrFailure,
	type OcrOutcome,
	type OcrSuccess,
	type OutputOptions,
	RET_CODE,
} from './types';

export interface FinishedJob {
	job: ImageJob;
	result: ImageResult;
	/**
	 * Set when the image failed with the whole node (a refused credential, quota, arrears)
	 * under "On Error: Continue (using error output)": its item takes the shape of n8n's error
	 * items, which n8n moves to its own error output.
	 */
	toNodeErrorOutput?: boolean;
}

/** The outcome as it may be shown: with masking on, no full card number anywhere in it. */
export function shownOutcome(outcome: OcrOutcome, maskCardNumbers: boolean): OcrOutcome {
	if (!maskCardNumbers) return outcome;
	if (outcome.ok) {
		return {
			...outcome,
			card: { ...outcome.card, card_num: maskCardNumber(outcome.card.card_num) },
			envelope: maskCardNumbersIn(outcome.envelope),
		};
	}
	return {
		...outcome,
		message: maskCardNumbersInText(outcome.message),
		remark: outcome.remark === undefined ? undefined : maskCardNumbersInText(outcome.remark),
		gatewayMessage:
			outcome.gatewayMessage === undefined
				? undefined
				: maskCardNumbersInText(outcome.gatewayMessage),
		envelope: outcome.envelope === undefined ? undefined : maskCardNumbersIn(outcome.envelope),
	};
}

function originFields(origin: ImageOrigin): IDataObject {
	if (origin.source === 'binary') {
		return { binary_field: origin.binaryField ?? null, file_name: origin.fileName ?? null };
	}
	if (origin.source === 'url') return { image_url: origin.imageUrl ?? null };
	return { image_source: 'base64' };
}

/** `shown` is the outcome as it may be shown; `digits` the number as read, for its checks. */
function successFields(shown: OcrSuccess, digits: string, options: OutputOptions): IDataObject {
	const fields: IDataObject = {
		ret_code: RET_CODE.ok,
		card_num: normalizeCardNumber(shown.card.card_num),
		card_type: shown.card.card_type,
		bank_name: shown.card.bank_name,
		card_num_valid: isLuhnValid(digits),
		card_network: detectCardNetwork(digits),
		request_id: shown.requestId,
		fee: shown.fee,
	};
	if (options.fullResponse) fields.response = shown.envelope;
	return fields;
}

function errorFields(outcome: OcrFailure, attempts: number, options: OutputOptions): IDataObject {
	const fields: IDataObject = {
		ret_code: outcome.retCode,
		error: outcome.message,
		error_source: outcome.source,
		remark: outcome.remark ?? null,
		request_id: outcome.requestId ?? null,
		attempts,
	};
	if (outcome.httpStatus !== undefined) fields.http_status = outcome.httpStatus;
	if (outcome.gatewayMessage) fields.gateway_error = outcome.gatewayMessage;
	if (options.fullResponse && outcome.envelope) fields.response = outcome.envelope;
	return fields;
}

/**
 * n8n's error item: `error` is its only key, which is how n8n (1.x and 2.x) recognises the
 * items it moves to its error output; n8n then adds the input item's fields to it.
 */
function nodeErrorItem(job: ImageJob, fields: IDataObject): INodeExecutionData {
	const { error: message, ...details } = fields;
	const requestId = typeof fields.request_id === 'string' ? fields.request_id : undefined;
	const description = requestIdDescription(requestId) ?? null;
	return {
		json: { error: { message, description, ...details, ...originFields(job.origin) } },
		pairedItem: { item: job.itemIndex },
	};
}

function buildItem(
	job: ImageJob,
	resultFields: IDataObject,
	input: INodeExecutionData,
	options: OutputOptions,
): INodeExecutionData {
	const result = { ...resultFields, ...originFields(job.origin) };
	const base: IDataObject = options.includeInputFields ? { ...input.json } : {};
	const json = options.putResultInField
		? { ...base, [options.putResultInField]: result }
		: { ...base, ...result };
	const item: INodeExecutionData = { json, pairedItem: { item: job.itemIndex } };
	const field = job.origin.binaryField;
	if (options.keepBinary && field !== undefined && input.binary?.[field]) {
		item.binary = { [field]: input.binary[field] };
	}
	return item;
}

/**
 * Builds the items of the Success and Error outputs from finished jobs (in output order).
 * With `oneOutput` (the node as an AI Agent's tool, whose model reads only the first output)
 * every item goes to the first output, in job order, and the second stays empty.
 */
export function buildOutputItems(
	finished: FinishedJob[],
	inputItems: INodeExecutionData[],
	{ oneOutput = false }: { oneOutput?: boolean } = {},
): INodeExecutionData[][] {
	const success: INodeExecutionData[] = [];
	const error: INodeExecutionData[] = [];
	for (const { job, result, toNodeErrorOutput } of finished) {
		const input = inputItems[job.itemIndex];
		const options = job.settings.output;
		const shown = shownOutcome(result.outcome, options.maskCardNumber);
		if (result.outcome.ok && shown.ok) {
			const digits = normalizeCardNumber(result.outcome.card.card_num);
			success.push(buildItem(job, successFields(shown, digits, options), input, options));
		} else if (!shown.ok) {
			const fields = errorFields(shown, result.attempts, options);
			(oneOutput ? success : error).push(
				toNodeErrorOutput ? nodeErrorItem(job, fields) : buildItem(job, fields, input, options),
			);
		}
	}
	return [success, error];
}
