#!/usr/bin/env node
// Runs the Deno that npm installed (package `deno`) with the arguments given, from any shell (npm uses cmd.exe on
// Windows). Deno fetches the npm packages the Edge Function imports on first run; unless DENO_TLS_CA_STORE is set it
// trusts the system's certificate store as well as its own Mozilla roots, so a registry behind a TLS-inspecting
// proxy whose certificate the system trusts works too.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const deno = require.resolve('deno/bin.cjs');
const child = spawn(process.execPath, [deno, ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: { ...process.env, DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE || 'system,mozilla' }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
