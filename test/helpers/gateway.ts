import { GatewayStandIn } from '../gateway/server';
import { APP_CODE, APP_KEY, APP_SECRET } from './cards';

export type GatewaySettings = ConstructorParameters<typeof GatewayStandIn>[0];

export async function startGateway(settings: GatewaySettings = {}): Promise<GatewayStandIn> {
	const gateway = new GatewayStandIn(settings);
	await gateway.listen();
	return gateway;
}

export function appCodeCredentials(baseUrl: string, appCode = APP_CODE) {
	return { authType: 'appCode', appCode, baseUrl };
}

export function signatureCredentials(baseUrl: string, appKey = APP_KEY, appSecret = APP_SECRET) {
	return { authType: 'signature', appKey, appSecret, baseUrl };
}
