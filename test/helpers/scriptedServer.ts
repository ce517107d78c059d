/**
 * A server on 127.0.0.1 that answers as a test scripts it: for replies no real gateway sends
 * on purpose (a reply that drips, one that never ends, a redirect, a body that lies about its
 * encoding), which the stand-in gateway does not make.
 */
import http from 'http';
import type { AddressInfo, Socket } from 'net';

export interface ScriptedRequest {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	at: number;
}

export interface ScriptedServer {
	url: string;
	requests: ScriptedRequest[];
	close: () => Promise<void>;
}

export async function startScriptedServer(
	answer: (request: ScriptedRequest, response: http.ServerResponse) => void,
): Promise<ScriptedServer> {
	const requests: ScriptedRequest[] = [];
	const sockets = new Set<Socket>();
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const scripted: ScriptedRequest = {
				method: request.method ?? 'GET',
				url: request.url ?? '/',
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				at: Date.now(),
			};
			requests.push(scripted);
			answer(scripted, response);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** The showapi envelope of a reply, as the vendor writes it. */
export function envelope(body: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return JSON.stringify({
		showapi_res_code: 0,
		showapi_res_error: '',
		showapi_res_id: 'scripted-1',
		showapi_fee_num: 1,
		showapi_res_body: body,
		...extra,
	});
}
