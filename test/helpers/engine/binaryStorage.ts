/** n8n's binary data service for the tests: filesystem mode in a temp folder, or memory mode. */
import { Container } from '@n8n/di';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';

export type BinaryMode = 'filesystem' | 'memory';

let binaryStorageDir: string | undefined;

/** Puts n8n's binary data service in filesystem mode (n8n 2.x's default) or memory mode. */
export async function useBinaryMode(mode: BinaryMode): Promise<void> {
	const config = Container.get(BinaryDataConfig);
	binaryStorageDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'bankcard-ocr-binary-'));
	config.localStoragePath = binaryStorageDir;
	config.mode = mode === 'filesystem' ? 'filesystem' : ('default' as BinaryDataConfig['mode']);
	await Container.get(BinaryDataService).init();
}

/** Deletes a stored file behind n8n's back (filesystem mode): an unreadable binary. */
export function removeStoredBinary(storedId: string): void {
	if (!binaryStorageDir) return;
	fs.rmSync(path.join(binaryStorageDir, storedId.slice(storedId.indexOf(':') + 1)));
}

export function removeBinaryStorage(): void {
	if (binaryStorageDir) fs.rmSync(binaryStorageDir, { recursive: true, force: true });
	binaryStorageDir = undefined;
}
