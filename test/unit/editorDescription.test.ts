/**
 * What n8n's editor learns of the credential. n8n loads a community package with n8n-core's
 * PackageDirectoryLoader, then describes each credential to the editor from a copy of its own
 * fields (`{ ...credential }` in n8n's LoadNodesAndCredentials, serialised with the loader's
 * toJSON). The HTTP Request node lists a credential under "Predefined Credential Type" only when
 * that description has `authenticate`: as a class method it would be lost in the copy.
 */
import path from 'path';

import { PackageDirectoryLoader } from 'n8n-core';

const ROOT = path.resolve(__dirname, '..', '..');

it('describes the credential with `authenticate`, so the HTTP Request node offers it', async () => {
	const loader = new PackageDirectoryLoader(ROOT);
	await loader.loadAll();
	const [credential] = loader.types.credentials;
	expect(credential.name).toBe('aliyunApiGatewayApi');

	const described = JSON.parse(JSON.stringify({ ...credential }));
	expect(described.authenticate).toEqual({});
	expect(described.test?.request?.url).toBe('/ocrBankCardGeneral');
	expect(loader.known.credentials.aliyunApiGatewayApi.supportedNodes).toEqual([
		'aliyunBankCardOcr',
	]);
});
