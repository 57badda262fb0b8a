import { describe, expect, test } from 'vitest';
import { isStaff } from '../../src/lib/staff.ts';

describe('isStaff', () => {
	test.each([
		['holds the staff role', { staffRoleId: '1', memberRoleIds: ['1'], canManageGuild: false }, true],
		['lacks the staff role', { staffRoleId: '1', memberRoleIds: ['2'], canManageGuild: false }, false],
		['manages the server (owner) without the role', { staffRoleId: '1', memberRoleIds: [], canManageGuild: true }, true],
		['no staff role configured, manages the server', { staffRoleId: undefined, memberRoleIds: [], canManageGuild: true }, true],
		['no staff role configured, ordinary member', { staffRoleId: undefined, memberRoleIds: ['1'], canManageGuild: false }, false]
	])('a member who %s: %s', (_situation, input, expected) => {
		expect(isStaff(input)).toBe(expected);
	});
});
