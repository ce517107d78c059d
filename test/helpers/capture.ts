import http from 'http';
import type { AddressInfo } from 'net';

export interface CapturedRequest {
	method: string;
	target: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	/** The body's bytes, for bodies that are not text. */
	raw: Buffer;
}

/** A loopback server that records each request and answers `{}`: a wire tap for signers. */
export async function startCaptureServer(): Promise<{
	url: string;
	requests: CapturedRequest[];
	close: () => Promise<void>;
}> {
	const requests: CapturedRequest[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			requests.push({
				method: request.method ?? '',
				target: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				raw: Buffer.concat(chunks),
			});
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
