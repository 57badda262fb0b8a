import { ButtonStyle, ComponentType } from 'discord.js';
import { expect, test } from 'vitest';
import { button, buttonRow } from '../../src/bot/buttons.ts';
import { messageProblems } from '../support/render.ts';

test('a button carries its custom id, style and label, and a row keeps the order given', () => {
	const row = buttonRow(button('claim-yes|1', ButtonStyle.Success, 'Yes'), button('claim-no|1', ButtonStyle.Secondary, 'No')).toJSON();
	expect(row).toEqual({
		type: ComponentType.ActionRow,
		components: [
			{ type: ComponentType.Button, custom_id: 'claim-yes|1', style: ButtonStyle.Success, label: 'Yes' },
			{ type: ComponentType.Button, custom_id: 'claim-no|1', style: ButtonStyle.Secondary, label: 'No' }
		]
	});
	expect(messageProblems({ content: 'x', components: [row] })).toEqual([]);
});
