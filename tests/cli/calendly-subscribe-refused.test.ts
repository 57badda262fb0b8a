import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCalendlySubscribe } from '../../src/cli/calendly.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../support/calendly-standin.ts';
import { memoryIo } from '../support/cli.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/**
 * `fpsos calendly subscribe` without --rotate still recreates a healthy subscription when the bot's database counted
 * deliveries refused for their signature since it was created (the signing key changed): the fix the alert names.
 * It reads the database through DATABASE_URL only (the embedded one belongs to the running bot).
 */
const postgres = databaseTargets().find((target) => target.name === 'postgres');
const hook = 'https://fpsos.example/functions/v1/calendly-webhook';
const signingKey = 'signing-key-for-cli-tests-0123456789';
const EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];

describe.skipIf(!postgres)('fpsos calendly subscribe after signature mismatches', () => {
	const database = useMigratedDatabase(postgres!);
	let calendly: CalendlyStandin;
	const env = () => ({
		CALENDLY_API_TOKEN: calendly.token,
		CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
		CALENDLY_API_URL: calendly.url,
		DATABASE_URL: database.url
	});

	beforeAll(async () => {
		calendly = await startCalendlyStandin();
	});
	afterAll(async () => {
		await calendly?.close();
	});

	test('mismatches older than the subscription leave it alone', async () => {
		const now = new Date();
		const seeded = calendly.seed({ callback_url: hook, events: EVENTS, created_at: new Date(now.getTime() - 3_600_000).toISOString() });
		await database.db.query('select public.calendly_signature_mismatch($1)', [new Date(now.getTime() - 2 * 3_600_000)]);
		const run = memoryIo();
		expect(await runCalendlySubscribe(env(), run.io, { url: hook, now })).toBe(0);
		expect(run.out[0]).toMatch(/^Already subscribed: .*Nothing to do\.$/);
		expect(calendly.subscriptions.map((s) => s.uri)).toEqual([seeded.uri]);
	});

	test('mismatches since it was created: deleted and created again with the current key, saying why', async () => {
		const now = new Date();
		const [old] = calendly.subscriptions;
		await database.db.query('select public.calendly_signature_mismatch($1)', [new Date(now.getTime() - 10 * 60_000)]);
		await database.db.query('select public.calendly_signature_mismatch($1)', [new Date(now.getTime() - 5 * 60_000)]);
		const run = memoryIo();
		expect(await runCalendlySubscribe(env(), run.io, { url: hook, now })).toBe(0);
		expect(run.out[0]).toMatch(
			/^Deleting the user-scope subscription for .*: since .* the bot refused 3 deliveries for a signature from another key \(counted in its database\), so it does not sign with the current CALENDLY_WEBHOOK_SIGNING_KEY\.$/
		);
		expect(calendly.subscriptions).toHaveLength(1);
		const [created] = calendly.subscriptions;
		expect(created!.uri).not.toBe(old!.uri);
		expect(calendly.signingKeyOf(created!.uri)).toBe(signingKey);
		expect(run.out.join('\n')).toContain('npx fpsos calendly recover');
	});
});
