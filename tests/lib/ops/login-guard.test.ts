import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { createLogger } from '../../../src/lib/log.ts';
import { defaultBackoffPolicy } from '../../../src/lib/ops/login-backoff.ts';
import { guardLogin } from '../../../src/lib/ops/login-guard.ts';
import { readStartHistory, startHistoryFile } from '../../../src/lib/ops/start-history.ts';

const T = Date.parse('2026-11-24T12:00:00Z');

async function historyFile(): Promise<string> {
	return startHistoryFile(join(await mkdtemp(join(tmpdir(), 'fpsos-guard-')), 'pglite'))!;
}

function harness(file: string | null, now: number) {
	const lines: string[] = [];
	const waits: number[] = [];
	const log = createLogger('info', (line) => lines.push(line));
	const run = () => guardLogin({ file, log, now: () => now, wait: async (ms) => waits.push(ms) });
	return { lines, waits, run };
}

describe('guardLogin', () => {
	test('the history file sits beside the data folder, named after it; memory:// keeps none', () => {
		expect(startHistoryFile('/data/pglite')).toBe('/data/pglite.login-history.json');
		expect(startHistoryFile('memory://')).toBeNull();
	});

	test('three quick starts in a row: the first two go at once, the third waits 5 s and says why', async () => {
		const file = await historyFile();
		const first = harness(file, T);
		(await first.run()).stop();
		const second = harness(file, T + 1_000);
		(await second.run()).stop();
		const third = harness(file, T + 2_000);
		(await third.run()).stop();
		expect([first.waits, second.waits, third.waits]).toEqual([[], [], [4_000]]);
		expect(third.lines.map((line) => JSON.parse(line))).toEqual([
			expect.objectContaining({
				level: 'warn',
				msg: 'Recent starts did not last: waiting before logging in to Discord',
				delaySeconds: 4,
				reason: 'crash-loop',
				streak: 2
			})
		]);
		expect(await readStartHistory(file)).toEqual({ attempts: [T, T + 1_000, T + 2_000], streak: 3 });
	});

	test('a run that lasts clears the streak, so the next start goes at once', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const file = await historyFile();
			for (const at of [T, T + 1_000, T + 2_000]) (await harness(file, at).run()).stop();
			const guard = await harness(file, T + 10_000).run();
			guard.loggedIn();
			await vi.advanceTimersByTimeAsync(defaultBackoffPolicy.stableAfterMs);
			vi.useRealTimers();
			await vi.waitFor(async () => expect((await readStartHistory(file)).streak).toBe(0));
			const next = harness(file, T + 11 * 60_000);
			(await next.run()).stop();
			expect(next.waits).toEqual([]);
		} finally {
			vi.useRealTimers();
		}
	});

	test('a stopped run is not marked stable', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const file = await historyFile();
			const guard = await harness(file, T).run();
			guard.loggedIn();
			guard.stop();
			await vi.advanceTimersByTimeAsync(defaultBackoffPolicy.stableAfterMs * 2);
			vi.useRealTimers();
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(await readStartHistory(file)).toEqual({ attempts: [T], streak: 1 });
		} finally {
			vi.useRealTimers();
		}
	});

	test('a corrupt history file is treated as empty and replaced', async () => {
		const file = await historyFile();
		await writeFile(file, '{"attempts": "nonsense"');
		const start = harness(file, T);
		(await start.run()).stop();
		expect(start.waits).toEqual([]);
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ attempts: [T], streak: 1 });
	});

	test('without a file (memory://) nothing is read, written or waited for', async () => {
		const start = harness(null, T);
		const guard = await start.run();
		guard.loggedIn();
		guard.stop();
		expect(start.waits).toEqual([]);
		expect(start.lines).toEqual([]);
	});
});
