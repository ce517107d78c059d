// The official SDK ships no types; this covers the part the tests use as a signing oracle.
declare module 'aliyun-api-gateway' {
	export class Client {
		constructor(appKey: string, appSecret: string, stage?: string);
		post(url: string, options: { data?: object; headers?: Record<string, string>; query?: object }): Promise<unknown>;
	}
}
