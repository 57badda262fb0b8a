import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { upsertMember } from '../../src/lib/data/members.ts';
import { fakeFile, type FakeMember } from '../support/fake-discord/index.ts';
import * as make from '../support/rows.ts';
import { useBot } from './support/bot.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';

const fixture = (name: string) => readFile(new URL(`../fixtures/diagnostics/${name}`, import.meta.url));

/** Issue 16 item 4: the three-month follow-up asks for evidence, and the AED 99 re-optimisation follows it. */
describe('re-optimisation on evidence', () => {
	const ctx = useBot();

	beforeAll(async () => {
		await ctx.fake.waitForCommand('book');
	});

	/**
	 * A member whose session was completed three months ago, with the diagnostic taken right after it (these
	 * findings), and the three-month follow-up delivered now through the outbox.
	 */
	async function threeMonthsOn(member: FakeMember, afterSessionFindings: string[]) {
		const { db } = ctx.bot;
		const memberId = (await upsertMember(db, { discordUserId: member.user.id, username: member.user.username })).id;
		const sessionEnd = make.sql`now() - interval '92 days' + interval '1 hour'`;
		const booking = await make.booking(db, {
			member_id: memberId,
			status: 'completed',
			starts_at: make.ago('92 days'),
			ends_at: sessionEnd,
			completed_at: sessionEnd
		});
		await make.diagnostic(db, {
			member_id: memberId,
			file_bytes: 2,
			recommendation: 'good',
			findings: afterSessionFindings.map((id) => ({ id, severity: 'warning', details: {} })),
			created_at: make.ago('91 days')
		});
		const notification = await make.notification(db, { kind: 'reoptimize_offer', booking_id: booking.id, member_id: memberId });
		await wakeOutbox(db, notification.id);
		return member.nextDm({ predicate: (message) => message.text.includes('three months') });
	}

	test('the three-month follow-up asks for a fresh diagnostic and offers nothing yet', async () => {
		const amal = await ctx.fake.members.create({ username: 'amal', joined: true });
		const ask = await threeMonthsOn(amal, []);
		expect(ask.text).toContain('Run the FPSOS tool again');
		expect(ask.text).not.toContain('AED');
		expect(ask.buttons.map((button) => button.label)).toEqual(['PowerShell tool']);
	});

	test('what slipped since the session is named, and only then is the AED 99 re-optimisation offered', async () => {
		const badr = await ctx.fake.members.create({ username: 'badr', joined: true });
		await threeMonthsOn(badr, ['power_plan', 'low_disk', 'startup_apps']);
		await badr.dm('', { files: [fakeFile('fpsos-diagnostic.json', await fixture('ps51-out-file-utf16le.json'))] });
		const answer = await badr.nextDm();
		expect(answer.text).toContain('Since your session, 6 things slipped back');
		expect(answer.text).toContain('XMP/EXPO is off again');
		expect(answer.text).toContain('Xbox Game Bar background recording is back on');
		expect(answer.text).not.toContain('power plan');
		expect(answer.buttons.map((button) => button.label)).toEqual(['Book Re-optimisation (AED 99)']);
		const booking = await (await badr.click(answer, 'Book Re-optimisation (AED 99)')).message();
		expect(booking.text).not.toContain('for members whose PC');

		// The check is answered once: the next diagnostic gets the usual analysis.
		await badr.dm('', { files: [fakeFile('fpsos-diagnostic.json', await fixture('ps51-out-file-utf16le.json'))] });
		const usual = await badr.nextDm({ predicate: (message) => /Your diagnostic|slipped/.test(message.text) });
		expect(usual.text).toMatch(/Your diagnostic: \d+ critical/);
	});

	test('when nothing slipped, the member is congratulated and offered nothing', async () => {
		const dana = await ctx.fake.members.create({ username: 'dana', joined: true });
		await threeMonthsOn(dana, ['gpu_driver_old', 'memory_integrity_on']);
		await dana.dm('', { files: [fakeFile('fpsos-diagnostic.json', await fixture('ps7-utf8.json'))] });
		const answer = await dana.nextDm();
		expect(answer.text).toContain('everything we tuned in your session is still in place');
		expect(answer.buttons).toEqual([]);
	});

	test('a member without a completed session is neither offered nor able to book the re-optimisation', async () => {
		const eman = await ctx.fake.members.create({ username: 'eman', joined: true });
		const catalog = await (await eman.slash('packages')).message();
		const choices = await (await eman.click(catalog, 'Book directly')).message();
		expect(choices.buttons.map((button) => button.label)).not.toContain('Book Re-optimisation (AED 99)');
		const refused = await (await eman.slash('book', { options: { package: 'reoptimize' } })).message();
		expect(refused.text).toContain("for members whose PC we've already tuned");
		expect(
			await ctx.bot.db.query(`select 1 from public.booking_links l join public.members m on m.id = l.member_id where m.discord_user_id = $1`, [
				eman.user.id
			])
		).toEqual([]);
	});
});
