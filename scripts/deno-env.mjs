// Where npm's Deno is and the environment it runs with: shared by scripts/deno.mjs (npm scripts) and bench:webhook.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The command that runs Deno: the binary the `deno` package installed, spawned directly so that signals and the
 * process's CPU figures are Deno's own; else the package's launcher, which installs the binary first.
 * @returns {{ command: string; prefix: string[] }}
 */
export function denoCommand() {
	const exe = join(dirname(require.resolve('deno/package.json')), process.platform === 'win32' ? 'deno.exe' : 'deno');
	return existsSync(exe) ? { command: exe, prefix: [] } : { command: process.execPath, prefix: [require.resolve('deno/bin.cjs')] };
}

/**
 * `env` for Deno. Deno fetches the npm packages the Edge Function imports on first run; unless DENO_TLS_CA_STORE is
 * set it trusts the system's certificate store as well as its own Mozilla roots, so a registry behind a
 * TLS-inspecting proxy whose certificate the system trusts works too.
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function denoEnv(env) {
	return { ...env, DENO_TLS_CA_STORE: env.DENO_TLS_CA_STORE || 'system,mozilla' };
}
