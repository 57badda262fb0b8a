import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { runFrametimes } from '../../src/cli/frametimes.ts';
import { runFpsos } from '../support/cli.ts';

// The child-process test starts the real `fpsos` (Node + tsx): seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 90_000 });

const fixtures = fileURLToPath(new URL('../fixtures/frametimes/', import.meta.url));
const captures = readdirSync(fixtures).filter((name) => name.endsWith('.csv'));

function capture() {
	const out: string[] = [];
	const err: string[] = [];
	return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe('fpsos frametimes', () => {
	test.each(captures)('--json reads %s as one object with exactly the documented keys', async (name) => {
		const { io, out, err } = capture();
		expect(await runFrametimes(`${fixtures}${name}`, { json: true }, io)).toBe(0);
		expect(err).toEqual([]);
		expect(out).toHaveLength(1);
		const reading = JSON.parse(out[0]!) as Record<string, unknown>;
		expect(Object.keys(reading).sort()).toEqual(['application', 'avg_fps', 'duration_s', 'format', 'frames', 'p01_fps', 'p1_fps', 'stutters']);
		expect(reading.frames).toBeGreaterThan(0);
	});

	test('the real command: exit 0 with the reading; exit 2 with one line on stderr and nothing on stdout', async () => {
		const ok = await runFpsos(['frametimes', '--json', `${fixtures}capframex-cs2.csv`], {});
		expect(ok).toMatchObject({ code: 0, stderr: '' });
		expect(JSON.parse(ok.stdout)).toEqual({
			format: 'capframex',
			application: 'cs2.exe',
			frames: 30,
			duration_s: 0.125,
			avg_fps: 240.4,
			p1_fps: 102,
			p01_fps: 102,
			stutters: 3
		});

		const refused = await runFpsos(['frametimes', '--json', fileURLToPath(new URL('../../package.json', import.meta.url))], {});
		expect(refused.code).toBe(2);
		expect(refused.stdout).toBe('');
		expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(refused.stderr).toMatch(/isn't a frame-time capture/);
	});

	test('a missing file is one readable line', async () => {
		const { io, out, err } = capture();
		expect(await runFrametimes(`${fixtures}nothing-here.csv`, { json: false }, io)).toBe(2);
		expect(out).toEqual([]);
		expect(err).toEqual([`fpsos frametimes: ${fixtures}nothing-here.csv: no such file.`]);
	});
});
