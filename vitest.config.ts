import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		pool: 'forks',
		testTimeout: 20_000,
		hookTimeout: 120_000,
		// Tests read their environment through src/lib/config, never from a developer's shell defaults.
		env: { FPSOS_LOG_LEVEL: process.env.FPSOS_LOG_LEVEL ?? 'silent' }
	}
});
