import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

/**
 * The Edge Function's deno.lock must be readable by the Supabase CLI versions the README names: `supabase functions
 * serve` and `supabase functions deploy` (Docker bundling, the default) run the CLI's Supabase Edge Runtime, which
 * reads the lock file. What each runtime reads, from supabase/cli (the edge-runtime image each release pins) and
 * supabase/edge-runtime (its deno_lockfile crate, 0.23.2, reads up to version 4; pull request 673, in 1.71.2 and
 * later, converts a version 5 lock file to version 4 on read):
 */
const RUNTIMES = [
	{ firstCli: '2.0.0', edgeRuntime: '1.65.3', readable: ['3', '4'] },
	{ firstCli: '2.84.1', edgeRuntime: '1.73.0', readable: ['3', '4', '5'] }
] as const;
/** What version 4 knows at the top level (the v5 -> v4 conversion only rewrites `npm` entries). */
const V4_TOP_LEVEL = ['version', 'specifiers', 'jsr', 'npm', 'redirects', 'remote', 'workspace'];
/** Fields of an npm entry that version 4 reads, or that the conversion moves or strips. */
const NPM_FIELDS = ['integrity', 'dependencies', 'optionalDependencies', 'optionalPeers', 'os', 'cpu', 'tarball', 'deprecated', 'scripts', 'bin'];

function compareVersions(a: string, b: string): number {
	const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
	for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
	return 0;
}

/** The lock file versions a CLI version's Edge Runtime reads. */
function readableBy(cli: string): readonly string[] {
	const runtime = RUNTIMES.filter((entry) => compareVersions(cli, entry.firstCli) >= 0).at(-1);
	return runtime?.readable ?? [];
}

const lock = JSON.parse(readFileSync('supabase/functions/calendly-webhook/deno.lock', 'utf8')) as Record<string, unknown>;
const readme = readFileSync('README.md', 'utf8');

describe('deno.lock and the Supabase CLI the README names', () => {
	const namedCli = /Supabase CLI \(the `supabase` npm package\), version (\d+\.\d+\.\d+) or newer/.exec(readme)?.[1];

	test('the README names a minimum Supabase CLI version', () => {
		expect(namedCli).toMatch(/^\d+\.\d+\.\d+$/);
	});

	test("the lock file's version is one that CLI's Edge Runtime reads", () => {
		expect(typeof lock.version).toBe('string');
		expect(readableBy(namedCli!)).toContain(lock.version);
	});

	test('the README names the lock file version it has', () => {
		expect(/Deno's lockfile version (\d+)/.exec(readme)?.[1]).toBe(lock.version);
	});

	test('the lock file holds only what the Edge Runtime understands', () => {
		expect(Object.keys(lock).filter((key) => !V4_TOP_LEVEL.includes(key))).toEqual([]);
		const npm = (lock.npm ?? {}) as Record<string, Record<string, unknown>>;
		const unknown = Object.entries(npm).flatMap(([name, entry]) =>
			Object.keys(entry)
				.filter((field) => !NPM_FIELDS.includes(field))
				.map((field) => `${name}.${field}`)
		);
		expect(unknown).toEqual([]);
	});

	test.each([
		['2.84.0', '5', false],
		['2.84.1', '5', true],
		['2.104.0', '5', true],
		['2.70.0', '4', true]
	])('CLI %s reads lockfile version %s: %s', (cli, version, readable) => {
		expect(readableBy(cli).includes(version)).toBe(readable);
	});
});
