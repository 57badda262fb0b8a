import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { REPORT_COLOURS } from '../../src/lib/frametimes/report-card.ts';
import { fakeFile, type FakeMember } from '../support/fake-discord/index.ts';
import { readPixels } from '../support/png.ts';
import * as make from '../support/rows.ts';
import { useBot } from './support/bot.ts';

/**
 * A frame-time capture as CapFrameX writes one: `//` lines, then PresentMon columns; `seconds` of cs2.exe at
 * `frameMs` per frame with a spike of `spikeMs` every 200 frames, and a dwm.exe row now and then.
 */
function capture(seconds: number, frameMs: number, spikeMs: number): Uint8Array {
	const lines = [
		'//GameName=Counter-Strike 2',
		'//ProcessName=cs2.exe',
		'Application,ProcessID,SwapChainAddress,Runtime,TimeInSeconds,MsBetweenPresents'
	];
	let elapsed = 0;
	for (let frame = 0; elapsed < seconds * 1000; frame += 1) {
		const ms = frame % 200 === 100 ? spikeMs : frameMs;
		elapsed += ms;
		lines.push(`cs2.exe,4412,0x2B1C5D7E010,DXGI,${(elapsed / 1000).toFixed(6)},${ms.toFixed(4)}`);
		if (frame % 50 === 0) lines.push(`dwm.exe,1268,0x224B280A1C0,DXGI,${(elapsed / 1000).toFixed(6)},16.6667`);
	}
	return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

function colourPixels(png: Uint8Array, hex: string): number {
	const image = readPixels(png);
	const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
	let n = 0;
	for (let y = 0; y < image.height; y += 2)
		for (let x = 0; x < image.width; x += 2) {
			const [pr, pg, pb] = image.rgba(x, y);
			if (pr === r && pg === g && pb === b) n += 1;
		}
	return n;
}

/** Issue 16: frame-time captures uploaded where diagnostics are, and the before/after report card. */
describe('frame-time captures', () => {
	const ctx = useBot();
	const memberId = async (member: FakeMember) =>
		(await ctx.bot.db.query<{ id: string }>('select id from public.members where discord_user_id = $1', [member.user.id]))[0]!.id;
	const captures = async (member: FakeMember) =>
		ctx.bot.db.query<{ phase: string; avg_fps: number; booking_id: string | null }>(
			'select phase, avg_fps::float8 as avg_fps, booking_id from public.captures where member_id = $1 order by created_at',
			[await memberId(member)]
		);

	beforeAll(async () => {
		await ctx.fake.waitForCommand('diagnostic');
	});

	test('a capture sent by DM is read and kept as the baseline; a capture under 10 seconds is refused and nothing is kept', async () => {
		const rana = await ctx.fake.members.create({ username: 'rana', joined: true });
		await rana.dm('', { files: [fakeFile('cs2-before.csv', capture(60, 5, 25))] });
		const reply = await rana.nextDm();
		expect(reply.text).toContain('Frame-time capture received');
		expect(reply.text).toMatch(/Average \*\*19\d FPS\*\*/);
		expect(reply.text).toContain('This is your baseline');
		expect(await captures(rana)).toEqual([expect.objectContaining({ phase: 'before', booking_id: null })]);

		const short = await readFile(new URL('../fixtures/frametimes/presentmon-gold-case5.csv', import.meta.url));
		const refusal = await (await rana.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('short.csv', short) } })).message();
		expect(refusal.text).toContain('only 2.9 seconds long');
		expect(refusal.text).not.toMatch(/error|exception|stack/i);
		expect(await captures(rana)).toHaveLength(1);

		const notCapture = await (
			await rana.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('notes.csv', 'name,score\nrana,10') } })
		).message();
		expect(notCapture.text).toContain("isn't a frame-time capture");
	});

	test('after a completed session, the next capture gets the report card (PNG with both runs), and staff see it once in the booking thread', async () => {
		const sami = await ctx.fake.members.create({ username: 'sami', joined: true });
		await sami.dm('', { files: [fakeFile('before.csv', capture(60, 5, 25))] });
		await sami.nextDm();
		const thread = ctx.fake.createChannel('booking-sami', { staffOnly: true });
		const member = await memberId(sami);
		await make.booking(ctx.bot.db, {
			member_id: member,
			status: 'completed',
			starts_at: make.ago('2 hours'),
			ends_at: make.ago('1 hour'),
			completed_at: make.ago('50 minutes'),
			thread_channel_id: thread
		});
		await ctx.bot.db.query(`update public.captures set created_at = now() - interval '1 day' where member_id = $1`, [member]);

		const answer = await (
			await sami.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('after.csv', capture(60, 3.5, 7)) } })
		).message();
		expect(answer.text).toContain('Your FPSOS report card');
		expect(answer.text).toMatch(/Average FPS: 19\d → 2\d\d \(\+\d+%\)/);
		const [card] = answer.attachments;
		expect(card?.filename).toBe('fpsos-report-card.png');
		expect(readPixels(card!.data).width).toBe(1080);
		expect(colourPixels(card!.data, REPORT_COLOURS.before)).toBeGreaterThan(300);
		expect(colourPixels(card!.data, REPORT_COLOURS.after)).toBeGreaterThan(300);
		expect((await captures(sami)).map((row) => row.phase)).toEqual(['before', 'after']);

		const staffCopy = await ctx.fake.waitForMessage({ channelId: thread });
		expect(staffCopy.text).toContain("Report card of sami's session");
		expect(staffCopy.attachments.map((file) => file.filename)).toEqual(['fpsos-report-card.png']);

		// A later capture is a new baseline: no second card, nothing more for staff.
		await sami.dm('', { files: [fakeFile('later.csv', capture(30, 3.6, 7))] });
		expect((await sami.nextDm()).text).toContain('This is your baseline');
		expect(ctx.fake.messages(thread)).toHaveLength(1);
	});
});
