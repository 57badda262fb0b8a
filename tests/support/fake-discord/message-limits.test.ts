import { DiscordAPIError, type TextChannel } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

const button = (customId: string) => ({ type: 2, style: 1, label: customId, custom_id: customId });
const row = (...components: object[]) => ({ type: 1, components });

async function sendRejected(channel: TextChannel, body: object): Promise<DiscordAPIError> {
	const error: unknown = await channel.send(body).then(
		() => null,
		(caught: unknown) => caught
	);
	if (!(error instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
	return error;
}

describe('fake Discord message limits', () => {
	const discord = useFakeDiscord();

	async function general(): Promise<TextChannel> {
		const client = await connectTestClient(discord.fake);
		return textChannel(client, discord.fake.channels.general);
	}

	test('an embed of 6001 characters in total is rejected with 50035 and a readable violation', async () => {
		const channel = await general();
		const embed = {
			title: 't'.repeat(256),
			description: 'd'.repeat(4096),
			fields: [
				{ name: 'n'.repeat(256), value: 'v'.repeat(1024) },
				{ name: 'x', value: 'y'.repeat(368) }
			]
		};
		const error = await sendRejected(channel, { embeds: [embed] });
		expect(error.code).toBe(50035);
		expect(error.message).toContain('Embed size exceeds maximum size of 6000');
		const [violation, ...others] = discord.fake.takeViolations();
		expect(others).toEqual([]);
		expect(violation?.kind).toBe('invalid-body');
		expect(violation?.reason).toMatch(/^POST \/channels\/\d+\/messages/);
		expect(violation?.reason).toContain('embeds: Embed size exceeds maximum size of 6000 (6001 characters in all embeds together');
		expect(discord.fake.messages(discord.fake.channels.general)).toEqual([]);
	});

	test('content of 2001 characters is rejected with the field, the limit and the length', async () => {
		const channel = await general();
		const error = await sendRejected(channel, { content: 'a'.repeat(2001) });
		expect(error.code).toBe(50035);
		expect(error.rawError).toMatchObject({
			errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } }
		});
		const [violation] = discord.fake.takeViolations();
		expect(violation?.reason).toContain('content: Must be 2000 or fewer in length. (2001 characters, limit 2000)');
	});

	test('six action rows are rejected', async () => {
		const channel = await general();
		const rows = Array.from({ length: 6 }, (_, index) => row(button(`b${index}`)));
		const error = await sendRejected(channel, { content: 'rows', components: rows });
		expect(error.code).toBe(50035);
		const [violation] = discord.fake.takeViolations();
		expect(violation?.reason).toContain('components: Must be 5 or fewer in length. (6 action rows, limit 5)');
	});

	test('a custom_id used twice in one message is rejected', async () => {
		const channel = await general();
		const error = await sendRejected(channel, { content: 'dup', components: [row(button('same'), button('other')), row(button('same'))] });
		expect(error.code).toBe(50035);
		const [violation] = discord.fake.takeViolations();
		expect(violation?.reason).toContain('components[1].components[0].custom_id: Component custom id cannot be duplicated');
		expect(violation?.reason).toContain('"same" is also used at components[0].components[0]');
	});

	test('a six-button row, an 81-character label and a select sharing a row are each named in the violation', async () => {
		const channel = await general();
		const select = { type: 3, custom_id: 'pick', options: [{ label: 'A', value: 'a' }] };
		const error = await sendRejected(channel, {
			content: 'bad rows',
			components: [
				row(...Array.from({ length: 6 }, (_, index) => button(`c${index}`))),
				row({ type: 2, style: 1, label: 'L'.repeat(81), custom_id: 'long' }),
				row(select, button('with-select'))
			]
		});
		expect(error.code).toBe(50035);
		const [violation] = discord.fake.takeViolations();
		expect(violation?.reason).toContain(
			'components[0].components: The specified component exceeds the maximum width (6 buttons in one action row, limit 5)'
		);
		expect(violation?.reason).toContain('components[1].components[0].label: Must be 80 or fewer in length. (81 characters, limit 80)');
		expect(violation?.reason).toContain('an action row with a select menu must hold only that select');
	});

	test('a message with an embed, buttons and a select passes and is stored as sent', async () => {
		const channel = await general();
		const sent = await channel.send({
			content: 'Welcome!',
			embeds: [
				{
					title: 'FPSOS',
					description: 'Remote PC tuning',
					fields: [{ name: 'Step 1', value: 'Run /diagnostic' }],
					footer: { text: 'footer' }
				}
			],
			components: [
				row(button('start'), { type: 2, style: 5, label: 'Docs', url: 'https://example.com/docs' }),
				row({ type: 3, custom_id: 'plan', options: [{ label: 'Basic', value: 'basic', description: 'The basic plan' }] })
			]
		});
		const stored = await discord.fake.waitForMessage({ channelId: discord.fake.channels.general });
		expect(stored.id).toBe(sent.id);
		expect(stored.text).toContain('Remote PC tuning');
		expect(stored.customIds).toEqual(['start', 'plan']);
		expect(stored.buttons.map((item) => item.label)).toEqual(['start', 'Docs']);
		expect(discord.fake.violations).toEqual([]);
	});
});
