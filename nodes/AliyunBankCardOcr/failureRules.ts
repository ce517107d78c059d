/**
 * The rules of failure: what each ret_code and each gateway refusal means, whether it is worth
 * another attempt or stops the node, and the English sentence that says what to do. The
 * vendor's ret_code table comes from its API page; the gateway's messages from Aliyun's
 * catalogue.
 */
import { type OcrFailure, RET_CODE } from './types';

/** A failure caught before anything was sent: never retried, never billed. */
export function localFailure(retCode: number, message: string): OcrFailure {
	return { ok: false, retCode, source: 'local', message, transient: false, fatal: false };
}

export const VENDOR_MESSAGES: Record<number, string> = {
	[RET_CODE.badParameter]:
		'The API found no usable image parameter (ret_code 10): send a non-empty image file, URL or base64 string.',
	[RET_CODE.badFormat]:
		'The API could not read the file format (ret_code 20): send a JPEG, PNG or BMP photo of the card.',
	[RET_CODE.refused]:
		'The API refused the request and asks not to resubmit it (ret_code 30): check the image before trying again later.',
	[RET_CODE.downloadFailed]:
		'The API could not download the image (ret_code 40): make sure the URL is public, reachable from the internet and points straight at an image.',
	[RET_CODE.tooLarge]:
		'The API says the image is too large (ret_code 50): resize or compress it, e.g. below 4 MB.',
	[RET_CODE.decodeFailed]:
		'The API could not decode the image (ret_code 60): the file may be damaged; re-export or re-scan it.',
	[RET_CODE.notRecognized]:
		'The API could not recognise a bank card in the image (ret_code 70): use a sharp, well-lit photo of the card front with the number visible.',
	[RET_CODE.timeout]:
		'The API timed out (ret_code 80): try again later, or lower the Concurrency option.',
	[RET_CODE.unknown]:
		'The API failed with an unknown error (ret_code 90): try again later; contact the API vendor if it persists.',
};

export function vendorMessage(retCode: number): string {
	return (
		VENDOR_MESSAGES[retCode] ??
		`The API answered with the unknown ret_code ${retCode}: check the vendor's documentation.`
	);
}

export interface GatewayRejectionKind {
	/** Fails every item the same way: stop the node. */
	fatal: boolean;
	/** A passing condition: retry. */
	transient: boolean;
	/** Flow control: wait in the app's budget, which slows down, and try again. */
	throttled?: boolean;
	/** The nearest vendor ret_code for the Error output. */
	retCode: number;
	advice: string;
}

interface GatewayRule extends GatewayRejectionKind {
	pattern: RegExp;
}

const fatal = (pattern: RegExp, advice: string): GatewayRule => ({
	pattern,
	fatal: true,
	transient: false,
	retCode: RET_CODE.unknown,
	advice,
});

const transient = (pattern: RegExp, advice: string): GatewayRule => ({
	pattern,
	fatal: false,
	transient: true,
	retCode: RET_CODE.unknown,
	advice,
});

export const THROTTLED_ADVICE =
	"the calls went over the QPS of the app's plan: set Max Requests per Second to the plan's QPS";

const CHECK_APP_CODE =
	'check the AppCode in the credential (Aliyun console → Cloud Market → Purchased Services)';
const CHECK_APP_KEY =
	'check the AppKey and AppSecret in the credential (Aliyun console → Cloud Market → Purchased Services)';

// Order matters: the first rule whose pattern matches the X-Ca-Error-Message wins.
const GATEWAY_RULES: GatewayRule[] = [
	fatal(/Invalid AppCode|Empty AppCode/i, CHECK_APP_CODE),
	fatal(/Invalid AppKey|Invalid AppSecret/i, CHECK_APP_KEY),
	fatal(/Invalid Signature|Empty Signature/i, `the signature was refused: ${CHECK_APP_KEY}`),
	fatal(
		/Timestamp Expired|Invalid Timestamp/i,
		'check the clock of the n8n host: it must be within 15 minutes of the real time',
	),
	transient(/Nonce Used/i, 'a request nonce was reused; the node retries with a fresh one'),
	fatal(
		/quota exhausted|Quota Expired/i,
		'the API quota is used up or expired: buy more calls in the Aliyun Cloud Market',
	),
	fatal(/User Arrears/i, 'the Aliyun account is in arrears: top it up in the Aliyun console'),
	fatal(
		/^Unauthorized/i,
		'the app is not subscribed to this API: subscribe to it in the Aliyun Cloud Market',
	),
	{ ...transient(/Throttled/i, THROTTLED_ADVICE), throttled: true },
	fatal(
		/Invalid Url|Invalid Path|Api Not Found/i,
		"check the Endpoint Path option, the credential's Base URL and its Stage",
	),
	fatal(
		/Unsupported Multipart|Invalid Content-MD5|Invalid Header/i,
		'the gateway refused the request format: please report this as a bug',
	),
];

/** Classifies a gateway refusal from its HTTP status and X-Ca-Error-Message. */
export function classifyGatewayRejection(status: number, message: string): GatewayRejectionKind {
	const rule = GATEWAY_RULES.find(({ pattern }) => pattern.test(message));
	if (rule) return rule;
	if (status === 413) {
		return {
			fatal: false,
			transient: false,
			retCode: RET_CODE.tooLarge,
			advice: 'the image is too large for the gateway: compress it, e.g. below 4 MB',
		};
	}
	if (status === 429) {
		return {
			fatal: false,
			transient: true,
			throttled: true,
			retCode: RET_CODE.unknown,
			advice: THROTTLED_ADVICE,
		};
	}
	if (status >= 500) {
		return {
			fatal: false,
			transient: true,
			retCode: RET_CODE.unknown,
			advice: 'the gateway or the API had a passing problem: try again later',
		};
	}
	return {
		fatal: false,
		transient: false,
		retCode: RET_CODE.unknown,
		advice: 'check the request settings and the credential',
	};
}
