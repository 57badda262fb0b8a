import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { customIdsOf, messageProblems, modalProblems, textOf, tIn, UNTRANSLATED } from './render.ts';

describe('the renderer test helpers', () => {
	test('t speaks each language, falls back to English for a missing key, and shows an unknown key as the key', () => {
		expect(tIn('en-US')('language:name')).toBe('English');
		expect(tIn('ar')('language:name')).toMatch(/[\u0600-\u06FF]/);
		expect(tIn('ar')('common:no-such-key')).toMatch(UNTRANSLATED);
	});

	test.each([
		[{ content: 'x'.repeat(2001) }, 'content: Must be 2000 or fewer in length.'],
		[{ embeds: [{ description: 'x'.repeat(4097) }] }, 'embeds[0].description: Must be 4096 or fewer in length.'],
		[
			{ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'c'.repeat(101) }] }] },
			'custom_id: Must be 100 or fewer in length.'
		]
	] as const)('what Discord refuses is reported (%#)', (message, problem) => {
		expect(messageProblems(message as never).join('\n')).toContain(problem);
	});

	test('a modal with a title over 45 characters is reported', () => {
		const field = { type: 18, label: 'L', component: { type: 4, custom_id: 'i', style: 1 } };
		expect(modalProblems({ custom_id: 'm', title: 'T'.repeat(45), components: [field] })).toEqual([]);
		expect(modalProblems({ custom_id: 'm', title: 'T'.repeat(46), components: [field] })).not.toEqual([]);
	});

	test('text and custom ids are read from content, embeds and buttons', () => {
		const message = {
			content: 'hello',
			embeds: [new EmbedBuilder().setTitle('title').addFields({ name: 'field', value: 'value' }).setFooter({ text: 'footer' })],
			components: [
				new ActionRowBuilder<ButtonBuilder>().addComponents(
					new ButtonBuilder().setCustomId('book|full').setStyle(ButtonStyle.Primary).setLabel('Book')
				)
			]
		};
		expect(textOf(message).split('\n')).toEqual(['hello', 'title', 'field', 'value', 'footer', 'Book']);
		expect(customIdsOf(message)).toEqual(['book|full']);
	});
});
