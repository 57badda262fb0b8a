import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	FileUploadBuilder,
	LabelBuilder,
	MessageFlags,
	ModalBuilder,
	StringSelectMenuBuilder,
	TextInputBuilder,
	TextInputStyle,
	type Client
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import type { FakeMember } from './driver/member.ts';
import type { MessageView } from './driver/views.ts';
import type { FakeDiscord } from './fake-discord.ts';
import { fakeFile } from './files.ts';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

/** A bot that posts a booking panel and handles its button, select and modal like a real front desk would. */
async function bookingBot(fake: FakeDiscord): Promise<Client> {
	return connectTestClient(fake, (client) => {
		client.on('interactionCreate', (interaction) => {
			void (async () => {
				if (interaction.isButton() && interaction.customId === 'book') {
					await interaction.showModal(
						new ModalBuilder()
							.setCustomId('booking-form')
							.setTitle('Book a session')
							.addLabelComponents(
								new LabelBuilder()
									.setLabel('Your PC')
									.setTextInputComponent(
										new TextInputBuilder().setCustomId('pc').setStyle(TextInputStyle.Paragraph).setMaxLength(200)
									),
								new LabelBuilder()
									.setLabel('DxDiag')
									.setFileUploadComponent(new FileUploadBuilder().setCustomId('dxdiag').setRequired(false))
							)
					);
				} else if (interaction.isButton() && interaction.customId === 'refresh') {
					await interaction.deferUpdate();
					await interaction.editReply({ content: 'Refreshed panel', files: [{ attachment: Buffer.from('slots: 3'), name: 'slots.txt' }] });
				} else if (interaction.isButton() && interaction.customId === 'close') {
					await interaction.update({ content: 'Closed.', components: [] });
				} else if (interaction.isStringSelectMenu()) {
					await interaction.reply({ content: `plan ${interaction.values.join(',')}`, flags: MessageFlags.Ephemeral });
				} else if (interaction.isModalSubmit()) {
					const files = interaction.fields.getUploadedFiles('dxdiag');
					const file = files?.first();
					const bytes = file ? await fetch(file.url).then((response) => response.text()) : 'none';
					await interaction.reply({
						content: `PC: ${interaction.fields.getTextInputValue('pc')}; file: ${file?.name ?? 'none'} = ${bytes}`,
						flags: MessageFlags.Ephemeral
					});
				}
			})();
		});
	});
}

/** The booking bot logged in, its panel posted in #sessions (as the fake saw it), and alice, a member, to use it. */
async function panelAndMember(fake: FakeDiscord): Promise<{ panel: MessageView; alice: FakeMember }> {
	const client = await bookingBot(fake);
	await textChannel(client, fake.channels.sessions).send({
		content: 'Book a tuning session',
		components: [
			new ActionRowBuilder<ButtonBuilder>().addComponents(
				new ButtonBuilder().setCustomId('book').setLabel('Book').setStyle(ButtonStyle.Primary),
				new ButtonBuilder().setCustomId('refresh').setLabel('Refresh').setStyle(ButtonStyle.Secondary),
				new ButtonBuilder().setCustomId('close').setLabel('Close').setStyle(ButtonStyle.Secondary)
			),
			new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
				new StringSelectMenuBuilder().setCustomId('plan').addOptions({ label: 'Basic', value: 'basic' }, { label: 'Pro', value: 'pro' })
			)
		]
	});
	const panel = await fake.waitForMessage({ channelId: fake.channels.sessions });
	const alice = await fake.members.create({ username: 'alice', joined: true });
	return { panel, alice };
}

describe('fake Discord components and modals', () => {
	const discord = useFakeDiscord();

	test('a button opens a modal with a Label text input and file upload; the submission reaches discord.js', async () => {
		const { panel, alice } = await panelAndMember(discord.fake);
		const modal = await (await alice.click(panel, 'Book')).modal();
		expect(modal.title).toBe('Book a session');
		expect(modal.fields.map((field) => [field.customId, field.label, field.required])).toEqual([
			['pc', 'Your PC', true],
			['dxdiag', 'DxDiag', false]
		]);
		const submitted = await alice.submitModal(modal, { pc: 'Ryzen 7, RTX 4070', dxdiag: fakeFile('dxdiag.txt', 'DirectX 12') });
		expect(submitted.payload).toMatchObject({
			type: 5,
			data: {
				custom_id: 'booking-form',
				components: [
					{ type: 18, component: { type: 4, custom_id: 'pc' } },
					{ type: 18, component: { type: 19, custom_id: 'dxdiag' } }
				]
			}
		});
		const reply = await submitted.message();
		expect(reply.ephemeral).toBe(true);
		expect(reply.content).toBe('PC: Ryzen 7, RTX 4070; file: dxdiag.txt = DirectX 12');
		await expect(alice.submitModal(modal, { pc: 'again' })).rejects.toThrow(/already submitted/);
	});

	test('update message (type 7) edits the panel and a select menu reply is ephemeral', async () => {
		const { panel, alice } = await panelAndMember(discord.fake);
		const picked = await (await alice.select(panel, 'plan', ['pro'])).message();
		expect(picked.content).toBe('plan pro');
		expect(picked.ephemeral).toBe(true);
		await expect(alice.select(panel, 'plan', ['gold'])).rejects.toThrow(/no option\(s\) gold/);
		const reply = await (await alice.click(panel, 'close')).reply();
		expect(reply.kind).toBe('update');
		if (reply.kind === 'update') expect(reply.message).toMatchObject({ id: panel.id, content: 'Closed.', components: [] });
		await expect(alice.click(panel, 'Book')).rejects.toThrow(/found no button "Book"/);
	});

	test('deferUpdate then editReply with a file edits the panel itself (multipart PATCH @original)', async () => {
		const { panel, alice } = await panelAndMember(discord.fake);
		const reply = await (await alice.click(panel, 'refresh')).reply();
		expect(reply).toMatchObject({ kind: 'update', callbackType: 6, deferred: true });
		if (reply.kind !== 'update') return;
		expect(reply.message.id).toBe(panel.id);
		expect(reply.message.content).toBe('Refreshed panel');
		expect(reply.message.attachments.map((file) => [file.filename, file.text()])).toEqual([['slots.txt', 'slots: 3']]);
	});
});
