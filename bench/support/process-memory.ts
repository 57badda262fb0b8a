import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

export const MiB = 1024 * 1024;

/** Resident memory of a process (and of its children, e.g. tsx's esbuild service), from /proc, in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number; children: number } {
	const field = (status: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	let children = 0;
	for (const task of readdirSync(`/proc/${pid}/task`)) {
		for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
			children += field(readFileSync(`/proc/${child}/status`, 'utf8'), 'VmRSS');
		}
	}
	return { rss: field(status, 'VmRSS'), peak: field(status, 'VmHWM'), children };
}

/** `uptime` and the load averages: the machine is shared, so every figure is reported with its load. */
export const load = () =>
	`${execFileSync('uptime', { encoding: 'utf8' }).trim()} (loadavg ${loadavg()
		.map((value) => value.toFixed(2))
		.join(' ')})`;
export const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
