#!/usr/bin/env node
// Runs the Deno that npm installed (package `deno`) with the arguments given, from any shell (npm uses cmd.exe on
// Windows), with the environment scripts/deno-env.mjs describes.
import { spawn } from 'node:child_process';
import { denoCommand, denoEnv } from './deno-env.mjs';

const { command, prefix } = denoCommand();
const child = spawn(command, [...prefix, ...process.argv.slice(2)], { stdio: 'inherit', env: denoEnv(process.env) });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
