import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		pool: 'forks',
		// Three files at a time whatever the core count (Vitest's default is cores - 1: one on CI's two cores). The files
		// mostly wait on the network delay, PostgreSQL, Redis and child processes, so three share two cores well; the
		// full run fell from 15 to 7.5 minutes on two busy cores with every test still inside its deadline.
		maxWorkers: 3,
		testTimeout: 20_000,
		hookTimeout: 120_000,
		// Tests read their environment through src/lib/config, never from a developer's shell defaults.
		env: { FPSOS_LOG_LEVEL: process.env.FPSOS_LOG_LEVEL ?? 'silent' }
	}
});
