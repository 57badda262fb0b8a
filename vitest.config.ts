import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		pool: 'forks',
		// Three files at a time whatever the core count (Vitest's default is cores - 1: one on CI's two cores). With the
		// real servers the files mostly wait on the network delay, PostgreSQL, Redis and child processes, so three share
		// two cores well (the full run fell from 15 to 7.5 minutes on two busy cores). The embedded database (PGlite)
		// computes in the test's own process, so there two at a time keep every interaction inside Discord's 3 seconds.
		maxWorkers: process.env.DATABASE_URL ? 3 : 2,
		testTimeout: 20_000,
		hookTimeout: 120_000,
		// Tests read their environment through src/lib/config, never from a developer's shell defaults.
		env: { FPSOS_LOG_LEVEL: process.env.FPSOS_LOG_LEVEL ?? 'silent' }
	}
});
