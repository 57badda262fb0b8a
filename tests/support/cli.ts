import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/cli/output.ts';

export const fpsosBin = fileURLToPath(new URL('../../bin/fpsos.mjs', import.meta.url));

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the real `fpsos` command in a child process with exactly the given environment (plus PATH). */
export function runFpsos(args: string[], env: Record<string, string>, options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [fpsosBin, ...args], {
			cwd: options.cwd ?? fileURLToPath(new URL('../../', import.meta.url)),
			env: { PATH: process.env.PATH ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/** An `Io` for calling a CLI command in-process: the lines it writes, kept (`all()`: stdout then stderr, joined). */
export function memoryIo(): { io: Io; out: string[]; err: string[]; all: () => string } {
	const out: string[] = [];
	const err: string[] = [];
	return { io: { out: (line) => out.push(line), err: (line) => err.push(line) }, out, err, all: () => [...out, ...err].join('\n') };
}
