import { beforeAll, describe, expect, test } from 'vitest';
import type { Capabilities, OptionCapability } from '../../src/cli/capabilities/inventory.ts';
import { inviteeCreated } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { runFpsos } from '../support/cli.ts';
import type { SlashOptionValue } from '../support/fake-discord/driver/slash-options.ts';
import { fakeFile, type FakeDiscord, type FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const refusal = 'This command is for FPSOS staff only.';

/** What the bot loads, from `fpsos capabilities --json` (Sapphire's stores), read once when the file is collected. */
const inventory = await (async () => {
	const result = await runFpsos(['capabilities', '--json'], {}, { timeoutMs: 60_000 });
	if (result.code !== 0) throw new Error(`fpsos capabilities failed: ${result.stderr}`);
	return JSON.parse(result.stdout) as Capabilities;
})();

interface StaffInvocation {
	label: string;
	name: string;
	subcommand: string | undefined;
	options: OptionCapability[];
	permissions: string[];
}

/** One invocation per staff-only command and subcommand, as the inventory describes them. */
const staffInvocations: StaffInvocation[] = inventory.commands
	.filter((command) => (command.staffOnly || command.staffSubcommands.length > 0) && command.slash)
	.flatMap((command): StaffInvocation[] => {
		const slash = command.slash!;
		if (slash.subcommands.length === 0)
			return [
				{
					label: `/${slash.name}`,
					name: slash.name,
					subcommand: undefined,
					options: slash.options,
					permissions: slash.defaultMemberPermissions ?? []
				}
			];
		return slash.subcommands
			.filter((sub) => command.staffOnly || command.staffSubcommands.includes(sub.name))
			.map((sub) => ({
				label: `/${slash.name} ${sub.name}`,
				name: slash.name,
				subcommand: sub.name,
				options: sub.options,
				permissions: slash.defaultMemberPermissions ?? []
			}));
	});

/** A valid value for each required option, so Discord would send the interaction. */
function optionValues(options: OptionCapability[], fake: FakeDiscord, target: FakeMember): Record<string, SlashOptionValue> {
	const values: Record<string, SlashOptionValue> = {};
	for (const option of options.filter((o) => o.required)) {
		if (option.choices.length > 0) values[option.name] = option.choices[0]!.value;
		else if (option.type === 'user' || option.type === 'mentionable') values[option.name] = target.user.id;
		else if (option.type === 'string') values[option.name] = 'a'.repeat(Math.min(Math.max(option.min ?? 1, 8), option.max ?? 100));
		else if (option.type === 'integer' || option.type === 'number') values[option.name] = option.min ?? 1;
		else if (option.type === 'boolean') values[option.name] = true;
		else if (option.type === 'channel') values[option.name] = fake.channels.general;
		else if (option.type === 'role') values[option.name] = fake.staffRoleId;
		else if (option.type === 'attachment') values[option.name] = fakeFile('file.txt', 'x');
		else throw new Error(`no test value for option type ${option.type}`);
	}
	return values;
}

/** Permissions that make a member staff by the bot's own rule (src/lib/staff.ts): Discord hiding the command is enough. */
const staffByPermission = new Set(['ManageGuild', 'Administrator']);

/**
 * Discord's permission defaults only hide commands; the bot decides who is staff itself. Here the bot's staff role is
 * another role than the one the moderator holds, so Discord lets the moderator through and the bot must refuse.
 */
describe('staff checks happen on the server', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, DISCORD_STAFF_ROLE_ID: '100000000000000099' }) });

	beforeAll(async () => {
		await ctx.fake.waitForCommand('session');
	});

	test('the inventory has staff-only commands to check', () => {
		expect(staffInvocations.map((invocation) => invocation.label)).toEqual(
			expect.arrayContaining(['/session complete', '/session no-show', '/stats overview', '/credits redeem'])
		);
	});

	test.each(staffInvocations)(
		'$label is refused server side to a member Discord shows it to but who is not staff',
		async ({ name, subcommand, options, permissions }) => {
			await ctx.fake.waitForCommand(name);
			const id = `${name}-${subcommand ?? 'x'}`.slice(0, 24);
			const moderator = await ctx.fake.members.create({ username: `mod-${id}`, roles: [ctx.fake.staffRoleId], joined: true });
			const target = await ctx.fake.members.create({ username: `who-${id}`, joined: true });
			const invocation = { ...(subcommand ? { subcommand } : {}), options: optionValues(options, ctx.fake, target) };
			let handle;
			try {
				handle = await moderator.slash(name, invocation);
			} catch (error) {
				// Discord lets only members with these permissions see it, and the bot counts them as staff anyway.
				expect(String(error)).toMatch(/cannot see/);
				expect(
					permissions.some((permission) => staffByPermission.has(permission)),
					`${name} is hidden by ${permissions.join(', ')}`
				).toBe(true);
				return;
			}
			expect((await handle.message()).text).toBe(refusal);
		}
	);

	test('/credits redeem, a staff subcommand of an everyone command, is refused to a member Discord shows it to', async () => {
		await ctx.fake.waitForCommand('credits');
		const member = await ctx.fake.members.create({ username: 'plain', joined: true });
		const other = await ctx.fake.members.create({ username: 'other', joined: true });
		const reply = await (
			await member.slash('credits', { subcommand: 'redeem', options: { member: other.user.id, amount: '50', reason: 'because' } })
		).message();
		expect(reply.text).toBe(refusal);
	});

	test('/session is refused to a member Discord shows it to but who is not staff', async () => {
		const moderator = await ctx.fake.members.create({ username: 'mod', roles: [ctx.fake.staffRoleId], joined: true });
		const member = await ctx.fake.members.create({ username: 'uma', joined: true });
		const reply = await (await moderator.slash('session', { subcommand: 'complete', options: { member: member.user.id } })).message();
		expect(reply.text).toBe('This command is for FPSOS staff only.');
	});

	test("the staff card's buttons are refused to someone who can see the card but is not staff", async () => {
		const moderator = await ctx.fake.members.create({ username: 'mod2', roles: [ctx.fake.staffRoleId], joined: true });
		await postCalendly(ctx.bot.http.url, inviteeCreated(), signingKey);
		const card = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff });
		const reply = await (await moderator.click(card, 'Mark complete')).message();
		expect(reply.text).toBe('This command is for FPSOS staff only.');
		const rows = await ctx.bot.db.query<{ status: string }>('select status from public.bookings');
		expect(rows.map((row) => row.status)).toEqual(['scheduled']);
	});
});
