import { describe, expect, test } from 'vitest';
import { ALERT_WINDOW_MS, alertDedupeKey, errorKind, planErrorAlert } from '../../../src/lib/ops/alert-window.ts';
import { databaseTargets, useMigratedDatabase } from '../../support/databases.ts';

describe('errorKind', () => {
	test.each([
		['a command', { command: 'packages' }, new TypeError('x is undefined'), 'command:packages:TypeError'],
		[
			'a handler, with a code',
			{ handler: 'session-buttons' },
			Object.assign(new Error('db'), { code: '42P01' }),
			'handler:session-buttons:Error:42P01'
		],
		['a listener', { listener: 'guildMemberAdd', event: 'guildMemberAdd' }, new RangeError('r'), 'listener:guildMemberAdd:RangeError'],
		['the client', { source: 'client' }, 'a string was thrown', 'client:string'],
		['nowhere known', {}, new Error('e'), 'unknown:Error'],
		['names with odd characters are made safe', { command: 'a b|c' }, new Error('e'), 'command:a_b_c:Error']
	])('%s', (_what, context, error, kind) => {
		expect(errorKind(context, error)).toBe(kind);
	});

	test('never carries the error message or member data', () => {
		expect(errorKind({ command: 'book', member: 'someone@example.com' }, new Error('someone@example.com broke it'))).toBe('command:book:Error');
	});
});

describe('alertDedupeKey', () => {
	test('is the same within a window and changes with the next one', () => {
		const start = 1_000 * ALERT_WINDOW_MS;
		expect(alertDedupeKey('command:x:Error', start)).toBe(alertDedupeKey('command:x:Error', start + ALERT_WINDOW_MS - 1));
		expect(alertDedupeKey('command:x:Error', start)).not.toBe(alertDedupeKey('command:x:Error', start + ALERT_WINDOW_MS));
	});
});

describe.each(databaseTargets())('planErrorAlert on $name', (target) => {
	const database = useMigratedDatabase(target);
	const alerts = (kind: string) =>
		database.db.query<{ incident: string }>(
			`select payload->>'incident' as incident from public.notifications where kind = 'staff_alert' and payload->>'kind' = $1 order by created_at`,
			[kind]
		);

	test('one alert per kind per window, with the first incident id, whatever the number of errors or processes', async () => {
		const at = Date.now();
		const outcomes = await Promise.all(
			['AAAA0001', 'AAAA0002', 'AAAA0003'].map((incident) => planErrorAlert(database.db, { kind: 'command:packages:Error', incident, at }))
		);
		expect(outcomes.filter(Boolean)).toHaveLength(1);
		expect(await alerts('command:packages:Error')).toHaveLength(1);
		expect(await planErrorAlert(database.db, { kind: 'command:packages:Error', incident: 'AAAA0004', at: at + 1_000 })).toBe(false);
	});

	test('a burst that straddles a window boundary still alerts once', async () => {
		const boundary = Math.ceil(Date.now() / ALERT_WINDOW_MS) * ALERT_WINDOW_MS;
		expect(await planErrorAlert(database.db, { kind: 'command:book:Error', incident: 'BBBB0001', at: boundary - 10 })).toBe(true);
		expect(await planErrorAlert(database.db, { kind: 'command:book:Error', incident: 'BBBB0002', at: boundary + 10 })).toBe(false);
		expect((await alerts('command:book:Error')).map((row) => row.incident)).toEqual(['BBBB0001']);
	});

	test('another kind alerts on its own, and the same kind alerts again once the window has passed', async () => {
		const at = Date.now();
		expect(await planErrorAlert(database.db, { kind: 'handler:x:Error', incident: 'CCCC0001', at })).toBe(true);
		await database.db.query(`update public.notifications set created_at = now() - interval '6 minutes' where payload->>'incident' = 'CCCC0001'`);
		expect(await planErrorAlert(database.db, { kind: 'handler:x:Error', incident: 'CCCC0002', at: at + ALERT_WINDOW_MS })).toBe(true);
		expect(await planErrorAlert(database.db, { kind: 'listener:y:Error', incident: 'DDDD0001', at })).toBe(true);
	});
});
