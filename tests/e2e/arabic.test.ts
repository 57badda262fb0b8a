import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { useBotProcess } from './support/bot-process.ts';
import { useBot } from './support/bot.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const FSI = '\u2068';
const PDI = '\u2069';
const arabic = /[\u0600-\u06ff]/;

/**
 * Arabic end to end. Discord has no Arabic client locale, so a member gets Arabic by choosing it (the welcome's
 * language button or `/language`); replies and DMs then follow them, while public replies and staff posts keep the
 * server's language.
 */
describe('an Arabic-speaking member in an English server', () => {
	const ctx = useBot({
		env: () => ({
			CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
			CALENDLY_URL_QUICK: 'https://calendly.com/fpsos/quick-fix',
			CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up',
			CALENDLY_URL_EXTREME: 'https://calendly.com/fpsos/extreme'
		})
	});
	const storedLocale = async (username: string) =>
		(await ctx.bot.db.query<{ locale: string | null }>('select locale from public.members where username = $1', [username]))[0]?.locale;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('language');
	});

	test('welcome -> العربية -> diagnostic -> booking: everything arrives in Arabic with timestamps and AED amounts intact', async () => {
		const amira = await ctx.fake.members.create({ username: 'amira', globalName: 'Amira' });
		await ctx.fake.join(amira);

		// The welcome comes in the server's language, with a button to switch, labelled in Arabic.
		const welcome = await amira.nextDm();
		expect(welcome.text).toContain('Welcome to FPSOS');
		expect(welcome.buttons.map((button) => button.label)).toEqual(['Start diagnostic', 'See packages', 'العربية']);

		// Pressing it stores the choice and shows the same welcome again, in Arabic, in place.
		const switched = await (await amira.click(welcome, 'العربية')).reply();
		if (switched.kind !== 'update') throw new Error(`expected the welcome to be updated in place, got ${switched.kind}`);
		expect(switched.message.text).toContain(`أهلاً بك في FPSOS يا ${FSI}Amira${PDI}!`);
		expect(switched.message.buttons.map((button) => button.label)).toEqual(['ابدأ الفحص', 'عرض الباقات', 'English']);
		expect(await storedLocale('amira')).toBe('ar');

		// Diagnostic by the quick questions: intro, modal and result in Arabic.
		const intro = await (await amira.click(switched.message, 'ابدأ الفحص')).message();
		expect(intro.text).toContain('افحص جهازك');
		expect(intro.buttons.map((button) => button.label)).toEqual(['أداة PowerShell', 'أسئلة سريعة']);
		const modal = await (await amira.click(intro, 'أسئلة سريعة')).modal();
		expect(modal.title).toBe('فحص سريع للجهاز');
		const result = await (
			await amira.submitModal(modal, { gpu: 'RTX 3070', fps: '90', refresh: '144', problems: 'stutter in smokes' })
		).message();
		expect(result.text).toContain('نتيجة فحصك السريع');
		// Numbers with their Latin units are kept together, isolated from the Arabic around them.
		expect(result.text).toContain(`معدل FPS لديك (${FSI}90${PDI}) أقل بكثير من ${FSI}144 Hz${PDI}`);
		expect(result.text).toMatch(new RegExp(`الباقة الموصى بها: ${FSI}[^${PDI}]+${PDI} · ${FSI}AED \\d+${PDI}`));
		// The quick modal records the member's Discord locale (en-US): it never overrides the language they chose.
		expect(await storedLocale('amira')).toBe('ar');

		// Booking: the personal link, then Calendly's delivery becomes an Arabic confirmation DM.
		const book = result.buttons[0]!;
		expect(book.label).toMatch(/^احجز /);
		const link = await (await amira.click(result, book.customId!)).message();
		expect(link.text).toContain('هذه صفحة الحجز لباقة');
		expect(link.buttons.map((button) => button.label)).toEqual(['افتح صفحة الحجز']);
		const token = new URL(link.buttons[0]!.url!).searchParams.get('utm_content')!;
		const startsAt = new Date(Date.now() + 3 * 24 * 3_600_000);
		const response = await postCalendly(ctx.bot.http.url, inviteeCreated({ token, startsAt }), signingKey);
		expect(response.status).toBe(200);

		const confirmation = await ctx.fake.waitForMessage(
			{ dmTo: amira.user.id, predicate: (message) => message.text.includes('تم حجزك') },
			{ timeoutMs: 5000 }
		);
		const unix = Math.floor(startsAt.getTime() / 1000);
		expect(confirmation.text).toContain('تم حجزك: ');
		expect(confirmation.text).toContain(`موعد جلستك مع FPSOS: ${FSI}<t:${unix}:F>${PDI} (${FSI}<t:${unix}:R>${PDI})`);
		expect(confirmation.text).toMatch(/AED \d+/);
		expect(confirmation.buttons.map((button) => button.label)).toEqual([
			'⬜ ثبّت AnyDesk',
			'⬜ حدّث تعريف كرت الشاشة',
			'⬜ انضم إلى القناة الصوتية لـ FPSOS',
			'تغيير الموعد',
			'إلغاء'
		]);

		// Ticking the checklist answers in Arabic too.
		const ticked = await (await amira.click(confirmation, '⬜ ثبّت AnyDesk')).reply();
		if (ticked.kind !== 'update' && ticked.kind !== 'message') throw new Error(`unexpected ${ticked.kind}`);
		expect(ticked.message.buttons[0]!.label).toBe('✅ ثبّت AnyDesk');

		// The staff card about her booking stays in the server's language.
		const card = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff });
		expect(card.text).toContain('New booking: ');
		expect(card.text).toContain(amira.mention);
		expect(card.text).not.toMatch(arabic);
	});

	test('/language switches ephemeral replies both ways at once, while a public reply keeps the server language', async () => {
		const yousef = await ctx.fake.members.create({ username: 'yousef', joined: true });
		const chosen = await (await yousef.slash('language', { options: { language: 'ar' } })).message();
		expect(chosen.ephemeral).toBe(true);
		expect(chosen.text).toContain('تم! سأتحدث معك بالعربية');

		const catalog = await (await yousef.slash('packages')).message();
		expect(catalog.text).toContain('باقات FPSOS');
		expect(catalog.text).toContain(`${FSI}AED 399${PDI}`);

		// A greeting in the public chat channel is answered for everyone: in the server's language.
		await yousef.sendMessage(ctx.fake.channels.general, 'hi');
		const greeting = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.general,
			predicate: (message) => message.text.includes('FPSOS')
		});
		expect(greeting.text).toContain("I'm the FPSOS bot");
		expect(greeting.text).not.toMatch(arabic);

		const back = await (await yousef.slash('language', { options: { language: 'en-US' } })).message();
		expect(back.text).toContain("Done! I'll speak English with you");
		expect((await (await yousef.slash('packages')).message()).text).toContain('FPSOS packages');
		expect(await storedLocale('yousef')).toBe('en-US');
	});

	test('a message to the bot in DMs is answered in the language the member chose', async () => {
		const huda = await ctx.fake.members.create({ username: 'huda', joined: true });
		await (await huda.slash('language', { options: { language: 'ar' } })).message();
		await huda.dm('how much does it cost?');
		const answer = await huda.nextDm();
		expect(answer.text).toContain(`تبدأ باقاتنا من ${FSI}AED 99${PDI}`);
	});

	test('/language offers each language named in its own script and registers no locale Discord would refuse', async () => {
		const command = ctx.fake.commands().find((candidate) => candidate.name === 'language')!;
		const option = (command.options ?? [])[0] as { name: string; choices: { name: string; value: string }[] };
		expect(option.name).toBe('language');
		expect(option.choices).toEqual([
			{ name: 'English', value: 'en-US' },
			{ name: 'العربية', value: 'ar' }
		]);
		for (const registered of ctx.fake.commands()) expect(Object.keys(registered.description_localizations ?? {})).not.toContain('ar');
	});
});

/** `fpsos start` with DEFAULT_LOCALE=ar, as its own process: the owner's way of saying the server speaks Arabic. */
describe('a server whose language is Arabic (DEFAULT_LOCALE=ar)', () => {
	const ctx = useBotProcess({ command: 'language', env: (fake) => ({ DEFAULT_LOCALE: 'ar', DISCORD_CHAT_CHANNEL_IDS: fake.channels.general }) });

	test('commands are registered with English descriptions (Discord has no Arabic locale)', () => {
		const ping = ctx.fake.commands().find((command) => command.name === 'ping')!;
		expect(ping.description).toBe('Check that the bot and its database are responding');
	});

	test('a new member is welcomed in Arabic and the public chat is answered in Arabic', async () => {
		const salem = await ctx.fake.members.create({ username: 'salem', globalName: 'Salem' });
		await ctx.fake.join(salem);
		const welcome = await salem.nextDm();
		expect(welcome.text).toContain(`أهلاً بك في FPSOS يا ${FSI}Salem${PDI}!`);
		expect(welcome.buttons.map((button) => button.label)).toEqual(['ابدأ الفحص', 'عرض الباقات', 'English']);

		await salem.sendMessage(ctx.fake.channels.general, 'hello');
		const greeting = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.general });
		expect(greeting.text).toContain('أنا بوت FPSOS');
	});

	test("a member's own replies follow their Discord client when we ship its language, else the server's", async () => {
		const english = await ctx.fake.members.create({ username: 'noura', joined: true, locale: 'en-GB' });
		expect((await (await english.slash('packages')).message()).text).toContain('FPSOS packages');
		const french = await ctx.fake.members.create({ username: 'camille', joined: true, locale: 'fr' });
		expect((await (await french.slash('packages')).message()).text).toContain('باقات FPSOS');
	});
});
