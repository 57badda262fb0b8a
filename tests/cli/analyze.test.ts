import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/diagnostics/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'fpsos-analyze-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(file: string, json: boolean) {
	const stdout: string[] = [];
	const stderr: string[] = [];
	const code = await runAnalyze(file, { json }, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
	return { code, stdout, stderr };
}

describe('fpsos analyze --json', () => {
	test('prints one JSON object with the recommendation, counts and findings, and exits 0', async () => {
		const { code, stdout, stderr } = await run(fixture('script-output.json'), true);
		expect(code).toBe(0);
		expect(stderr).toEqual([]);
		expect(stdout).toHaveLength(1);
		expect(stdout[0]).not.toContain('\n');
		const output = JSON.parse(stdout[0]!) as Record<string, unknown>;
		expect(Object.keys(output)).toEqual(['recommendation', 'critical', 'warnings', 'findings']);
		expect(output).toMatchObject({ recommendation: 'extreme', critical: 3, warnings: 6 });
		expect(output.findings).toHaveLength(9);
		expect((output.findings as unknown[])[0]).toEqual({
			id: 'ram_xmp_off',
			severity: 'critical',
			details: { speed_mhz: 2133, rated_speed_mhz: 3200 }
		});
	});

	test('a well-tuned PC is good with no findings', async () => {
		const { code, stdout } = await run(fixture('ps51-set-content-utf8-bom.json'), true);
		expect(code).toBe(0);
		expect(JSON.parse(stdout[0]!)).toEqual({ recommendation: 'good', critical: 0, warnings: 0, findings: [] });
	});
});

describe('fpsos analyze (human summary)', () => {
	test('lists the findings with their English titles and fixes, critical first', async () => {
		const { code, stdout, stderr } = await run(fixture('ps51-out-file-utf16le.json'), false);
		expect(code).toBe(0);
		expect(stderr).toEqual([]);
		const text = stdout.join('\n');
		expect(text).toContain('Recommendation: extreme (3 critical, 6 warnings)');
		expect(text).toContain('Your monitor runs at 60 Hz but can do 144 Hz');
		expect(text).toContain('Your NVIDIA GeForce GTX 1660 SUPER driver is 1778 days old');
		expect(text).toContain('Fix: Turn on XMP');
		expect(text).not.toContain('{{');
		expect(text.indexOf('Critical')).toBeLessThan(text.indexOf('Worth fixing'));
	});

	test('says when rules had no data', async () => {
		const { stdout } = await run(fixture('ps51-big-endian-utf16be.json'), false);
		expect(stdout.join('\n')).toMatch(/Rules v1: \d+ of 14 checked/);
	});
});

describe('files it cannot accept', () => {
	const tooLarge = join(scratch, 'too-large.json');
	writeFileSync(tooLarge, ' '.repeat(1_048_577));

	test.each<[string, string, RegExp]>([
		['a missing file', join(scratch, 'missing.json'), /no such file/],
		['a folder', scratch, /not a file/],
		['another JSON file', fixture('not-a-diagnostic.json'), /isn't an FPSOS diagnostic/],
		['a newer format', fixture('schema-v2.json'), /version of the FPSOS tool/],
		['an empty diagnostic', fixture('no-sections.json'), /couldn't collect anything/],
		['a file over 1 MiB', tooLarge, /too big/]
	])('%s: exit 2, one line on stderr, nothing on stdout', async (_situation, file, message) => {
		for (const json of [true, false]) {
			const { code, stdout, stderr } = await run(file, json);
			expect(code).toBe(2);
			expect(stdout).toEqual([]);
			expect(stderr).toHaveLength(1);
			expect(stderr[0]).not.toContain('\n');
			expect(stderr[0]).toMatch(message);
			expect(stderr[0]).not.toMatch(/Error|at \w+ \(|ENOENT/);
		}
	});
});
