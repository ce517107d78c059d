// The official SDK ships no types; this covers the part the tests use as a signing oracle.
declare module 'aliyun-api-gateway' {
	interface SdkOptions {
		data?: unknown;
		headers?: Record<string, string>;
		query?: object;
		signHeaders?: Record<string, string>;
	}
	export class Client {
		constructor(appKey: string, appSecret: string, stage?: string);
		get(url: string, options: SdkOptions): Promise<unknown>;
		post(url: string, options: SdkOptions): Promise<unknown>;
		put(url: string, options: SdkOptions): Promise<unknown>;
		delete(url: string, options: SdkOptions): Promise<unknown>;
		/** The generic call behind the verbs: `url` parsed with `url.parse(…, true)`. */
		request(
			method: string,
			url: object,
			options: SdkOptions,
			originData?: unknown,
		): Promise<unknown>;
	}
}
