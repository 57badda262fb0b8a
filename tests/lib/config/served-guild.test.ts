import { describe, expect, test } from 'vitest';
import { decideServedGuild } from '../../../src/lib/config/served-guild.ts';

describe('the one server the bot serves', () => {
	test.each([
		{
			situation: 'configured: that one, every other is left',
			configured: 'A',
			current: null,
			guilds: ['A', 'B', 'C'],
			served: 'A',
			leave: ['B', 'C'],
			waiting: null
		},
		{
			situation: 'configured but not in it yet: still that one, others left',
			configured: 'A',
			current: null,
			guilds: ['B'],
			served: 'A',
			leave: ['B'],
			waiting: null
		},
		{ situation: 'unset, in one server: that one', configured: undefined, current: null, guilds: ['B'], served: 'B', leave: [], waiting: null },
		{
			situation: 'unset, serving one and added to another: the new one is left',
			configured: undefined,
			current: 'B',
			guilds: ['B', 'C'],
			served: 'B',
			leave: ['C'],
			waiting: null
		},
		{
			situation: 'unset, in several with none chosen: none, waiting',
			configured: undefined,
			current: null,
			guilds: ['B', 'C'],
			served: null,
			leave: [],
			waiting: 'several'
		},
		{
			situation: 'unset, the served one removed the bot, one other left: that one',
			configured: undefined,
			current: 'B',
			guilds: ['C'],
			served: 'C',
			leave: [],
			waiting: null
		},
		{ situation: 'unset, in none: none, waiting', configured: undefined, current: null, guilds: [], served: null, leave: [], waiting: 'none' }
	])('$situation', ({ configured, current, guilds, served, leave, waiting }) => {
		expect(decideServedGuild(configured, current, guilds)).toEqual({ served, leave, waiting });
	});
});
