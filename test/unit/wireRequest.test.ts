/** What the credential fixes before it signs: the headers exactly as the HTTP client sends them. */
import { prepareWireRequest } from '../../credentials/common/aliyunRequest';

describe('prepareWireRequest', () => {
	it('folds one header written twice in different case into the value that is sent (the last)', async () => {
		const prepared = await prepareWireRequest(
			{
				method: 'POST',
				url: 'https://gw.example/any',
				headers: {
					'content-type': 'text/plain',
					'Content-Type': 'application/json',
					'X-Ca-Foo': 'first',
					'x-ca-foo': 'second',
				},
				body: '{"a":1}',
			},
			'RELEASE',
		);
		const names = Object.keys(prepared.headers).map((name) => name.toLowerCase());
		expect(names.filter((name) => name === 'content-type')).toHaveLength(1);
		expect(names.filter((name) => name === 'x-ca-foo')).toHaveLength(1);
		expect(prepared.headers['content-type']).toBe('application/json');
		expect(prepared.headers['X-Ca-Foo']).toBe('second');
		// The body was encoded as the Content-Type that is sent says.
		expect(prepared.body?.toString()).toBe('{"a":1}');
	});

	it('trims header values and the Base URL, as they arrive', async () => {
		const prepared = await prepareWireRequest(
			{
				method: 'GET',
				baseURL: '  https://gw.example/  ',
				url: '/a',
				headers: { 'X-Ca-Bar': '  v  ' },
			},
			'RELEASE',
		);
		expect(prepared.headers['X-Ca-Bar']).toBe('v');
		expect(prepared.url.toString()).toBe('https://gw.example/a');
	});

	it('never lets the credential follow a redirect to another origin', async () => {
		const prepared = await prepareWireRequest(
			{ method: 'GET', url: 'https://gw.example/a' },
			'RELEASE',
		);
		expect(prepared.options.sendCredentialsOnCrossOriginRedirect).toBe(false);
	});
});
