import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	ContainerBuilder,
	EmbedBuilder,
	FileUploadBuilder,
	InteractionContextType,
	LabelBuilder,
	MessageFlags,
	ModalBuilder,
	PermissionFlagsBits,
	SlashCommandBuilder,
	StringSelectMenuBuilder,
	TextDisplayBuilder,
	TextInputBuilder,
	TextInputStyle
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { validateBody } from './validation.ts';
import { describeIssue } from './validation/issues.ts';

const reasons = (kind: Parameters<typeof validateBody>[0], body: unknown, files = 0): string[] => validateBody(kind, body, files).map(describeIssue);

const embed = new EmbedBuilder()
	.setTitle('Diagnostic received')
	.setDescription('We will review it.')
	.setColor(0x5865f2)
	.setTimestamp()
	.setURL('https://example.com')
	.setAuthor({ name: 'FPSOS' })
	.addFields({ name: 'CPU', value: 'Ryzen', inline: true })
	.setFooter({ text: 'footer' })
	.toJSON();
const buttons = new ActionRowBuilder<ButtonBuilder>()
	.addComponents(
		new ButtonBuilder().setCustomId('a').setLabel('A').setStyle(ButtonStyle.Success).setEmoji('✅'),
		new ButtonBuilder().setURL('https://example.com').setLabel('Link').setStyle(ButtonStyle.Link)
	)
	.toJSON();
const select = new ActionRowBuilder<StringSelectMenuBuilder>()
	.addComponents(
		new StringSelectMenuBuilder()
			.setCustomId('s')
			.setPlaceholder('Pick')
			.setMinValues(1)
			.setMaxValues(2)
			.addOptions({ label: 'a', value: 'a' }, { label: 'b', value: 'b', description: 'B' })
	)
	.toJSON();

describe('body validation (no false positives on what discord.js builders produce)', () => {
	test.each([
		['message-create', { content: 'hi', embeds: [embed], components: [buttons, select], allowed_mentions: { parse: [] } }],
		['message-create', { content: 'with file', attachments: [{ id: '0', description: 'log' }] }],
		[
			'message-create',
			{
				flags: MessageFlags.IsComponentsV2,
				components: [new ContainerBuilder().addTextDisplayComponents(new TextDisplayBuilder().setContent('v2')).toJSON()]
			}
		],
		['message-edit', { content: null, embeds: [], components: [] }],
		['webhook-edit', { content: 'edited', embeds: [embed] }],
		['webhook-execute', { content: 'follow-up', flags: MessageFlags.Ephemeral }],
		['interaction-callback', { type: 4, data: { content: 'pong', flags: MessageFlags.Ephemeral, components: [buttons] } }],
		['interaction-callback', { type: 5, data: { flags: MessageFlags.Ephemeral } }],
		['interaction-callback', { type: 6 }],
		['interaction-callback', { type: 7, data: { content: 'updated', components: [] } }],
		[
			'interaction-callback',
			{
				type: 9,
				data: new ModalBuilder()
					.setCustomId('m')
					.setTitle('T'.repeat(45))
					.addLabelComponents(
						new LabelBuilder()
							.setLabel('Name')
							.setTextInputComponent(new TextInputBuilder().setCustomId('n').setStyle(TextInputStyle.Short).setMaxLength(4000)),
						new LabelBuilder().setLabel('File').setFileUploadComponent(new FileUploadBuilder().setCustomId('f').setMaxValues(10))
					)
					.toJSON()
			}
		],
		[
			'commands-bulk',
			[
				new SlashCommandBuilder()
					.setName('diagnostic')
					.setDescription('d')
					.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
					.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
					.addSubcommand((sub) =>
						sub
							.setName('upload')
							.setDescription('u')
							.addAttachmentOption((option) => option.setName('file').setDescription('f').setRequired(true))
					)
					.toJSON()
			]
		],
		['thread-create', { name: 'Session alice', type: 12, invitable: false, auto_archive_duration: 1440 }],
		[
			'channel-create',
			{ name: 'session-alice', type: 0, parent_id: '123', permission_overwrites: [{ id: '1', type: 0, allow: '1024', deny: '0' }] }
		]
	] as const)('%s body %# passes', (kind, body) => {
		expect(reasons(kind, body)).toEqual([]);
	});

	test.each([
		['message-create', { content: 'x'.repeat(2001) }, 'content: Must be 2000 or fewer in length. (2001 characters, limit 2000)'],
		[
			'message-create',
			{ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) },
			'embeds: Must be 10 or fewer in length. (11 embeds, limit 10)'
		],
		['message-create', { embeds: [{ title: 'x'.repeat(257) }] }, 'embeds[0].title: Must be 256 or fewer in length. (257 characters, limit 256)'],
		['message-create', { embeds: [{ description: 'x'.repeat(4097) }] }, 'embeds[0].description: Must be 4096 or fewer in length.'],
		[
			'message-create',
			{ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
			'embeds[0].fields: Must be 25 or fewer in length. (26 fields, limit 25)'
		],
		[
			'message-create',
			{ embeds: [{ fields: [{ name: 'n'.repeat(257), value: 'v' }] }] },
			'embeds[0].fields[0].name: Must be 256 or fewer in length.'
		],
		[
			'message-create',
			{ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] },
			'embeds[0].fields[0].value: Must be 1024 or fewer in length.'
		],
		['message-create', { embeds: [{ footer: { text: 'f'.repeat(2049) } }] }, 'embeds[0].footer.text: Must be 2048 or fewer in length.'],
		['message-create', { embeds: [{ author: { name: 'a'.repeat(257) } }] }, 'embeds[0].author.name: Must be 256 or fewer in length.'],
		[
			'message-create',
			{ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'c'.repeat(101) }] }] },
			'custom_id: Must be 100 or fewer in length. (101 characters, limit 100)'
		],
		[
			'message-create',
			{ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 5, label: 'x', url: `https://e.com/${'u'.repeat(500)}` }] }] },
			'url: Must be 512 or fewer in length.'
		],
		[
			'message-create',
			{
				content: 'x',
				components: [
					{
						type: 1,
						components: [
							{
								type: 3,
								custom_id: 's',
								options: Array.from({ length: 26 }, (_, index) => ({ label: `l${index}`, value: `v${index}` }))
							}
						]
					}
				]
			},
			'options: Must be 25 or fewer in length. (26 options, limit 25)'
		],
		[
			'message-create',
			{ content: 'x', components: [{ type: 1, components: [{ type: 3, custom_id: 's', options: [{ label: 'l'.repeat(101), value: 'v' }] }] }] },
			'options[0].label: Must be 100 or fewer in length.'
		],
		[
			'message-create',
			{ content: 'x', attachments: Array.from({ length: 11 }, (_, index) => ({ id: String(index) })) },
			'attachments: Must be 10 or fewer in length. (11 attachments, limit 10)'
		],
		['interaction-callback', { type: 9, data: { custom_id: 'm', title: 't', components: [] } }, 'data.components: Must be 1 or more in length.'],
		[
			'interaction-callback',
			{
				type: 9,
				data: {
					custom_id: 'm',
					title: 't',
					components: Array.from({ length: 6 }, (_, index) => ({
						type: 18,
						label: 'L',
						component: { type: 4, custom_id: `i${index}`, style: 1 }
					}))
				}
			},
			'data.components: Must be 5 or fewer in length. (6 top-level components, limit 5)'
		],
		[
			'interaction-callback',
			{
				type: 9,
				data: {
					custom_id: 'm',
					title: 't',
					components: [{ type: 1, components: [{ type: 4, custom_id: 'i', style: 1, label: 'L'.repeat(46) }] }]
				}
			},
			'data.components[0].components[0].label: Must be 45 or fewer in length.'
		],
		[
			'interaction-callback',
			{
				type: 9,
				data: {
					custom_id: 'm',
					title: 't',
					components: [{ type: 1, components: [{ type: 4, custom_id: 'i', style: 1, label: 'L', value: 'v'.repeat(4001) }] }]
				}
			},
			'data.components[0].components[0].value: Must be 4000 or fewer in length.'
		],
		[
			'interaction-callback',
			{
				type: 9,
				data: {
					custom_id: 'm',
					title: 't',
					components: [{ type: 18, label: 'L'.repeat(46), component: { type: 4, custom_id: 'i', style: 1 } }]
				}
			},
			'data.components[0].label: Must be 45 or fewer in length.'
		],
		['commands-bulk', [{ name: 'x'.repeat(33), description: 'd' }], '[0].name: Must be 32 or fewer in length.'],
		['commands-bulk', [{ name: 'ok', description: '' }], '[0].description: Must be 1 or more in length.'],
		[
			'commands-bulk',
			[
				{ name: 'ok', description: 'd' },
				{ name: 'ok', description: 'e' }
			],
			'[1].name: Application command names must be unique'
		],
		[
			'commands-bulk',
			[
				{
					name: 'ok',
					description: 'd',
					options: [
						{ type: 3, name: 'a', description: 'a' },
						{ type: 3, name: 'b', description: 'b', required: true }
					]
				}
			],
			'Required options must be placed before non-required options'
		]
	] as const)('%s body %# is refused: %s', (kind, body, expected) => {
		expect(reasons(kind, body).join('\n')).toContain(expected);
	});
});
