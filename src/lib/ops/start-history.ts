import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { emptyHistory, type StartHistory } from './login-backoff.ts';

/**
 * Where the login history survives restarts: a small JSON file named after the embedded database's folder and beside
 * it (`.data/pglite.login-history.json` by default), so the same volume keeps it and two data folders never share
 * one. `memory://` keeps nothing, and then there is no history and no back-off.
 */
export function startHistoryFile(dataDir: string): string | null {
	if (dataDir.startsWith('memory://')) return null;
	return `${resolve(dataDir)}.login-history.json`;
}

function isHistory(value: unknown): value is StartHistory {
	if (!value || typeof value !== 'object') return false;
	const { attempts, streak } = value as Partial<StartHistory>;
	return Array.isArray(attempts) && attempts.every((at) => Number.isFinite(at)) && Number.isInteger(streak) && streak! >= 0;
}

/** The stored history; a missing or unreadable file is an empty one (a broken file must never stop the bot). */
export async function readStartHistory(file: string): Promise<StartHistory> {
	try {
		const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
		return isHistory(parsed) ? parsed : emptyHistory();
	} catch {
		return emptyHistory();
	}
}

/** Writes the history atomically (temporary file, then rename), so a crash mid-write leaves the old one. */
export async function writeStartHistory(file: string, history: StartHistory): Promise<void> {
	await mkdir(dirname(file), { recursive: true });
	const temporary = `${file}.${process.pid}.tmp`;
	await writeFile(temporary, JSON.stringify(history));
	await rename(temporary, file);
}
