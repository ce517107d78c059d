import type { IDataObject } from 'n8n-workflow';

export type ImageSourceKind = 'binary' | 'url' | 'base64';

/** Where one image came from; this is copied onto its output item. */
export interface ImageOrigin {
	source: ImageSourceKind;
	binaryField?: string;
	fileName?: string;
	imageUrl?: string;
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
	/** Worth another attempt: a passing fault (5xx, throttling, timeout, reset, ret_code 80). */
	transient: boolean;
	/** Will fail every item the same way (credentials, quota, subscription): stops the node. */
	fatal: boolean;
	envelope?: IDataObject;
}

export type OcrOutcome = OcrSuccess | OcrFailure;

/** What the HTTP layer returned (n8n's `returnFullResponse`). */
export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}
