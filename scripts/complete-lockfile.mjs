#!/usr/bin/env node
// Records every platform's optional binary package in package-lock.json.
//
// The registry these machines reach does not serve other platforms' binaries (e.g. @deno/darwin-arm64), so
// `npm install` silently leaves them out of the lock, and `npm ci` then refuses the lock as out of sync. Each missing
// optional dependency is added as an optional entry with the os/cpu its name states, which `npm ci` skips on other
// platforms. Run it after changing dependencies: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const osNames = {
	darwin: 'darwin',
	linux: 'linux',
	win32: 'win32',
	freebsd: 'freebsd',
	android: 'android',
	openbsd: 'openbsd',
	sunos: 'sunos',
	aix: 'aix'
};
const cpuNames = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
	for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
		const prefix = location === '' ? '' : `${location}/`;
		const nested = `${prefix}node_modules/${name}`;
		const hoisted = `node_modules/${name}`;
		if (packages[nested] || packages[hoisted]) continue;
		const parts = name.split('/').pop().split('-');
		const os = parts.find((part) => part in osNames);
		const cpu = parts.find((part) => cpuNames.includes(part));
		if (!os) continue; // not a platform binary: leave it to npm
		const version = String(range).replace(/^[\^~=]/, '');
		packages[hoisted] = { version, dev: entry.dev || undefined, optional: true, os: [os], ...(cpu ? { cpu: [cpu] } : {}) };
		added += 1;
	}
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, '\t').replace(/\t/g, '  ')}\n`);
console.log(`complete-lockfile: ${added} platform package(s) recorded`);
