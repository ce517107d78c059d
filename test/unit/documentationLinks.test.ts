/**
 * n8n appends `?utm_source=…` to the documentation links it shows, so a link with a `#`
 * fragment would end up as `…#readme?utm_…`, an anchor that does not exist.
 */
import codex from '../../nodes/AliyunBankCardOcr/AliyunBankCardOcr.node.json';
import { AliyunApiGatewayApi } from '../../credentials/AliyunApiGatewayApi.credentials';

const codexUrls = Object.values(codex.resources).flatMap((links) => links.map((link) => link.url));

describe('documentation links', () => {
	it.each([...codexUrls, new AliyunApiGatewayApi().documentationUrl])(
		'%s has no fragment and is https',
		(url) => {
			expect(new URL(url).hash).toBe('');
			expect(new URL(url).protocol).toBe('https:');
		},
	);
});
