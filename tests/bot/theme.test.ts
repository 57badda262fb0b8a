import { EmbedBuilder } from 'discord.js';
import { expect, test } from 'vitest';
import { colours } from '../../src/bot/theme.ts';
import { messageProblems } from '../support/render.ts';

test.each(Object.entries(colours))('the %s colour is an RGB value Discord accepts on an embed', (_name, colour) => {
	expect(Number.isInteger(colour) && colour >= 0 && colour <= 0xffffff).toBe(true);
	expect(messageProblems({ embeds: [new EmbedBuilder().setColor(colour).setTitle('x')] })).toEqual([]);
});

test('the four colours are distinct, so a card says its state at a glance', () => {
	expect(new Set(Object.values(colours)).size).toBe(4);
});
