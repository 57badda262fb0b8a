/**
 * The real servers tests talk to. Locally they are optional (the embedded defaults cover a fresh machine); in CI
 * (`CI=true`) a suite that needs them fails instead of skipping when they are missing.
 */
const inCi = process.env.CI === 'true' || process.env.CI === '1';

function required(name: 'DATABASE_URL' | 'REDIS_URL'): string | undefined {
	const value = process.env[name]?.trim();
	if (!value && inCi) throw new Error(`${name} must be set in CI: the suites that need the real server may not be skipped.`);
	return value || undefined;
}

export const postgresUrl = (): string | undefined => required('DATABASE_URL');
export const redisUrl = (): string | undefined => required('REDIS_URL');
