import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { createLogger } from '../../src/lib/log.ts';
import { fakeFile, type FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

const signingKey = 'fpsos-privacy-signing-key-0123456789';
const email = 'private.person+cs2@example.ae';
const fileSecret = 'MY-PRIVATE-NOTE-7f3a';

/**
 * The production bot at trace level, driven through the flows that handle secrets, e-mails and uploaded files: no
 * log line may carry any of them.
 */
describe('logs never carry secrets, e-mails or file contents', () => {
	const lines: string[] = [];
	const ctx = useBot({
		logger: createLogger('trace', (line) => lines.push(line)),
		env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' })
	});

	async function personalToken(member: FakeMember): Promise<string> {
		const choices = await (await member.slash('book')).message();
		const link = await (await member.click(choices, 'Book Full Tune-Up (AED 399)')).message();
		return new URL(link.buttons[0]!.url!).searchParams.get('utm_content')!;
	}

	beforeAll(async () => {
		await ctx.fake.waitForCommand('book');
	});

	test('a diagnostic, a non-diagnostic, a broken file, a booking with an e-mail and an unexpected error', async () => {
		const member = await ctx.fake.members.create({ username: 'privacy', joined: true });
		const diagnostic = JSON.parse(await readFile(new URL('../fixtures/diagnostics/ps7-utf8.json', import.meta.url), 'utf8')) as {
			cpu: { name: string };
		};
		diagnostic.cpu.name = `${fileSecret} ${email}`;
		await member.dm('', { files: [fakeFile('fpsos-diagnostic.json', JSON.stringify(diagnostic))] });
		expect((await member.nextDm()).text).toContain('Your diagnostic');
		await (
			await member.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('notes.txt', `${fileSecret} reach me at ${email}`) } })
		).message();
		await (
			await member.slash('diagnostic', {
				subcommand: 'upload',
				options: { file: fakeFile('fpsos-diagnostic.json', `${fileSecret}{"schema": `) }
			})
		).message();

		const booking = inviteeCreated({ token: await personalToken(member), email });
		const { rawBody, signatureHeader } = await signedDelivery(booking, signingKey);
		const response = await fetch(`${ctx.bot.http.url}/webhooks/calendly`, {
			method: 'POST',
			body: rawBody,
			headers: { 'calendly-webhook-signature': signatureHeader }
		});
		expect(response.status).toBe(200);
		await member.nextDm();

		await ctx.bot.db.query('alter table public.packages rename to packages_gone');
		try {
			await (await member.slash('packages')).message();
		} finally {
			await ctx.bot.db.query('alter table public.packages_gone rename to packages');
		}

		const log = lines.join('\n');
		// The flows were logged (so the check below looks at something).
		expect(lines.length).toBeGreaterThan(20);
		expect(log).toContain('"msg":"Unexpected error"');
		for (const secret of [ctx.fake.bot.token, signingKey, email, 'private.person', fileSecret, signatureHeader.split('v1=')[1]!]) {
			expect(log, `a log line carries ${secret.slice(0, 12)}...`).not.toContain(secret);
		}
	});
});
