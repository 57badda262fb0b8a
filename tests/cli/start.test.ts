import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { runFpsos } from '../support/cli.ts';

// Each test starts the real `fpsos` in a child process (Node + tsx): seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 90_000 });

describe('fpsos start', () => {
	test('without a token exits 1 with one line naming DISCORD_TOKEN and no stack trace', async () => {
		const cwd = await mkdtemp(join(tmpdir(), 'fpsos-start-'));
		const result = await runFpsos(['start'], {}, { cwd });
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('DISCORD_TOKEN');
		expect(result.stderr).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
	});

	test('a malformed variable is named next to the missing token', async () => {
		const cwd = await mkdtemp(join(tmpdir(), 'fpsos-start-'));
		const result = await runFpsos(['start'], { REDIS_URL: 'localhost:6379' }, { cwd });
		expect(result.code).toBe(1);
		expect(result.stderr.trim()).toBe(
			'Configuration problem: DISCORD_TOKEN is missing; REDIS_URL must be a redis:// or rediss:// URL. See .env.example.'
		);
	});
});

describe('fpsos --help', () => {
	test('lists the commands', async () => {
		const result = await runFpsos(['--help'], {});
		expect(result.code).toBe(0);
		for (const command of ['start', 'db', 'doctor']) expect(result.stdout).toContain(command);
	});
});
