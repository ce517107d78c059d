/**
 * Builds the output items from the outcomes: Success for ret_code 0, Error for everything
 * else; one item per image, in job order, each paired with its input item. Pure.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { requestIdDescription } from './nodeError';
import { detectCardNetwork, isLuhnValid, maskCardNumber, normalizeCardNumber } from './cardNumber';
import type { ImageOrigin, OcrFailure, OcrOutcome, OcrSuccess } from './types';

export interface OutputOptions {
	includeInputFields: boolean;
	maskCardNumber: boolean;
	putResultInField: string;
	keepBinary: boolean;
	fullResponse: boolean;
}

export interface FinishedJob {
	itemIndex: number;
	origin: ImageOrigin;
	outcome: OcrOutcome;
	attempts: number;
	output: OutputOptions;
	/**
	 * Set when the image failed with the whole node (a refused credential, quota, arrears)
	 * under "On Error: Continue (using error output)": its item takes the shape of n8n's error
	 * items, which n8n moves to its own error output.
	 */
	toNodeErrorOutput?: boolean;
}

export const SUCCESS_OUTPUT = 0;
export const ERROR_OUTPUT = 1;

function originFields(origin: ImageOrigin): IDataObject {
	if (origin.source === 'binary') {
		return { binary_field: origin.binaryField ?? null, file_name: origin.fileName ?? null };
	}
	if (origin.source === 'url') return { image_url: origin.imageUrl ?? null };
	return { image_source: 'base64' };
}

/** A copy of the envelope with the card number masked, for Full Response with masking on. */
function maskedEnvelope(envelope: IDataObject): IDataObject {
	const body = envelope.showapi_res_body as IDataObject | undefined;
	if (!body || typeof body.card_num !== 'string') return envelope;
	return { ...envelope, showapi_res_body: { ...body, card_num: maskCardNumber(body.card_num) } };
}

function successFields(outcome: OcrSuccess, options: OutputOptions): IDataObject {
	const digits = normalizeCardNumber(outcome.card.card_num);
	const fields: IDataObject = {
		ret_code: 0,
		card_num: options.maskCardNumber ? maskCardNumber(digits) : digits,
		card_type: outcome.card.card_type,
		bank_name: outcome.card.bank_name,
		card_num_valid: isLuhnValid(digits),
		card_network: detectCardNetwork(digits),
		request_id: outcome.requestId,
		fee: outcome.fee,
	};
	if (options.fullResponse) {
		fields.response = options.maskCardNumber ? maskedEnvelope(outcome.envelope) : outcome.envelope;
	}
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
function nodeErrorItem(job: FinishedJob, fields: IDataObject): INodeExecutionData {
	const { error: message, ...details } = fields;
	const requestId = typeof fields.request_id === 'string' ? fields.request_id : undefined;
	const description = requestIdDescription(requestId) ?? null;
	return {
		json: { error: { message, description, ...details, ...originFields(job.origin) } },
		pairedItem: { item: job.itemIndex },
	};
}

function buildItem(
	job: FinishedJob,
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

/** Builds the items of the Success and Error outputs from finished jobs (in output order). */
export function buildOutputItems(
	jobs: FinishedJob[],
	inputItems: INodeExecutionData[],
): INodeExecutionData[][] {
	const success: INodeExecutionData[] = [];
	const error: INodeExecutionData[] = [];
	for (const job of jobs) {
		const input = inputItems[job.itemIndex];
		const options = job.output;
		if (job.outcome.ok) {
			success.push(buildItem(job, successFields(job.outcome, options), input, options));
		} else {
			const fields = errorFields(job.outcome, job.attempts, options);
			error.push(
				job.toNodeErrorOutput ? nodeErrorItem(job, fields) : buildItem(job, fields, input, options),
			);
		}
	}
	return [success, error];
}
