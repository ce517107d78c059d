/** The shapes that flow through the node: settings → jobs → outcomes → output items. */
import type { IDataObject } from 'n8n-workflow';

/** The vendor's ret_code values (its API page), and the nearest ones for our own failures. */
export const RET_CODE = {
	ok: 0,
	badParameter: 10,
	badFormat: 20,
	refused: 30,
	downloadFailed: 40,
	tooLarge: 50,
	decodeFailed: 60,
	notRecognized: 70,
	timeout: 80,
	unknown: 90,
} as const;

export type ImageSourceKind = 'binary' | 'url' | 'base64';

/** Where one image came from; this is copied onto its output item. */
export interface ImageOrigin {
	source: ImageSourceKind;
	binaryField?: string;
	fileName?: string;
	imageUrl?: string;
}

/** Settings of the whole run (read from the first item, as n8n does for batching). */
export interface RunSettings {
	concurrency: number;
	/** The cap on starts per second for this app; 0 for none. */
	maxRequestsPerSecond: number;
	retries: number;
	retryBaseWaitMs: number;
}

/** How one item's images are sent. */
export interface RequestSettings {
	/** The credential's Base URL; the credential joins it with the path. */
	baseUrl: string;
	endpointPath: string;
	/** The whole request, from sending to the last byte of the reply. */
	timeoutMs: number;
	maxImageBytes: number;
}

/** How one item's results are written. */
export interface OutputOptions {
	includeInputFields: boolean;
	maskCardNumber: boolean;
	/** "Put Output in Field" in the editor; the parameter keeps its first name for saved workflows. */
	putResultInField: string;
	keepBinary: boolean;
	fullResponse: boolean;
}

/** Settings of one item's images. */
export interface ItemSettings {
	output: OutputOptions;
	request: RequestSettings;
}

/** One image to read: one output item. */
export interface ImageJob {
	itemIndex: number;
	origin: ImageOrigin;
	settings: ItemSettings;
	/** Set when the job already failed a local check: it is never sent. */
	failure?: OcrFailure;
	/** The raw parameter value of the URL or base64 source. */
	value?: string;
}

/** Where a failure was caught: the source of truth for the Error output's `error_source`. */
export type ErrorSource = 'vendor' | 'local' | 'gateway' | 'network';

export interface RecognizedCard {
	card_num: string;
	card_type: string;
	bank_name: string;
}

export interface OcrSuccess {
	ok: true;
	card: RecognizedCard;
	requestId: string | null;
	fee: number;
	envelope: IDataObject;
}

export interface OcrFailure {
	ok: false;
	/** The vendor's ret_code, or the nearest one (80 timeout, 90 anything else). */
	retCode: number;
	source: ErrorSource;
	/** One English sentence: what went wrong and what to do. */
	message: string;
	/** The vendor's own text, when it answered. */
	remark?: string;
	requestId?: string | null;
	httpStatus?: number;
	/** The gateway's X-Ca-Error-Message. */
	gatewayMessage?: string;
	/** Worth another attempt: a passing fault (5xx, timeout, reset, ret_code 80). */
	transient: boolean;
	/** The gateway's flow control refused the call: wait in the app's budget and try again. */
	throttled?: boolean;
	/** The gateway's Retry-After, in milliseconds. */
	retryAfterMs?: number;
	/** Will fail every item the same way (credentials, quota, subscription): stops the node. */
	fatal: boolean;
	/** The execution was stopped (Stop, or n8n's workflow timeout) before this image was read. */
	cancelled?: boolean;
	envelope?: IDataObject;
}

export type OcrOutcome = OcrSuccess | OcrFailure;

/** One image, done: how it ended and after how many requests. */
export interface ImageResult {
	outcome: OcrOutcome;
	attempts: number;
}

/** What the HTTP layer returned (n8n's `returnFullResponse`). */
export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}
