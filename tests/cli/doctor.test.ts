import { afterEach, describe, expect, test } from 'vitest';
import { runDoctor } from '../../src/cli/doctor.ts';
import { startCalendlyStandin, type CalendlyStandin, type CalendlyStandinOptions } from '../support/calendly-standin.ts';

/** `fpsos doctor`'s Calendly line: the token's scopes asked of the Calendly stand-in. */
describe('fpsos doctor: Calendly', () => {
	const started: CalendlyStandin[] = [];
	afterEach(async () => {
		for (const api of started.splice(0)) await api.close();
	});
	async function doctor(options: CalendlyStandinOptions | null) {
		const lines: string[] = [];
		const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
		const env: Record<string, string> = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' };
		let api: CalendlyStandin | undefined;
		if (options) {
			api = await startCalendlyStandin(options);
			started.push(api);
			Object.assign(env, { CALENDLY_API_TOKEN: api.token, CALENDLY_API_URL: api.url });
		}
		await runDoctor(env, io);
		const line = lines.find((entry) => entry.includes(' Calendly: '));
		if (api) expect(lines.join('\n')).not.toContain(api.token);
		return line;
	}

	test('without a token it names the scopes a new token needs', async () => {
		expect(await doctor(null)).toBe(
			'ok       Calendly: not configured: CALENDLY_API_TOKEN is a personal access token with the scopes users:read, webhooks:write (includes webhooks:read) and scheduled_events:read'
		);
	});

	test('a token with the documented scopes passes', async () => {
		expect(await doctor({ scopes: ['users:read', 'webhooks:write', 'scheduled_events:read'] })).toMatch(/^ok {7}Calendly: the token works/);
	});

	test.each([
		[['webhooks:write', 'scheduled_events:read'], 'users:read'],
		[['users:read', 'scheduled_events:read'], 'webhooks:read'],
		[['users:read', 'webhooks:write'], 'scheduled_events:read']
	])('a token given %j is a problem that names %s', async (scopes, missing) => {
		const line = await doctor({ scopes });
		expect(line).toMatch(/^PROBLEM {2}Calendly: Calendly refused/);
		expect(line).toContain(`the token lacks the scope ${missing}`);
	});

	test('a DATABASE_URL on the transaction pooler (port 6543) is a problem that names the session pooler, without the password', async () => {
		const lines: string[] = [];
		await runDoctor(
			{ DATABASE_URL: 'postgres://postgres.abc:s3cret-pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres' },
			{ out: (line) => lines.push(line), err: (line) => lines.push(line) }
		);
		const line = lines.find((entry) => entry.includes(' Database: '));
		expect(line).toMatch(/^PROBLEM {2}Database: DATABASE_URL uses the transaction pooler \(port 6543\), where LISTEN receives nothing/);
		expect(line).toContain('postgres://postgres.abc:****@aws-0-eu-central-1.pooler.supabase.com:5432/postgres');
		expect(lines.join('\n')).not.toContain('s3cret-pw');
	});
});
