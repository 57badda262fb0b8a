import { ComponentType, TextInputStyle } from 'discord.js';
import { expect, test } from 'vitest';
import { textModal } from '../../src/bot/modal-fields.ts';
import { modalProblems } from '../support/render.ts';

test('a text modal carries its fields in order, each with its label, hint, limits and placeholder when given', () => {
	const modal = textModal(
		'support-modal|billing',
		'Open a ticket',
		{
			id: 'description',
			label: 'What happened?',
			description: 'A sentence or two',
			style: TextInputStyle.Paragraph,
			placeholder: 'My FPS drops when…',
			minLength: 10,
			maxLength: 1000,
			required: true
		},
		{ id: 'fps', label: 'FPS', style: TextInputStyle.Short, maxLength: 4, required: false }
	).toJSON();
	expect(modal).toEqual({
		custom_id: 'support-modal|billing',
		title: 'Open a ticket',
		components: [
			{
				type: ComponentType.Label,
				label: 'What happened?',
				description: 'A sentence or two',
				component: {
					type: ComponentType.TextInput,
					custom_id: 'description',
					style: TextInputStyle.Paragraph,
					placeholder: 'My FPS drops when…',
					min_length: 10,
					max_length: 1000,
					required: true
				}
			},
			{
				type: ComponentType.Label,
				label: 'FPS',
				component: { type: ComponentType.TextInput, custom_id: 'fps', style: TextInputStyle.Short, max_length: 4, required: false }
			}
		]
	});
	expect(modalProblems(modal)).toEqual([]);
});
