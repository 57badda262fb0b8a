import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { OUTBOX_CHANNEL } from '../../../src/lib/outbox/channel.ts';

const root = new URL('../../../', import.meta.url);

function files(dir: URL, ext: string): { where: string; text: string }[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.isDirectory()) return files(new URL(`${entry.name}/`, dir), ext);
		if (!entry.name.endsWith(ext)) return [];
		const file = new URL(entry.name, dir);
		return [{ where: file.pathname.slice(root.pathname.length), text: readFileSync(file, 'utf8') }];
	});
}

/** Where the channel's name is written outside comments (`//` and `/* *\/` in TypeScript, `--` in SQL). */
function naming(list: { where: string; text: string }[], strip: (text: string) => string): string[] {
	return list.filter(({ text }) => strip(text).includes(OUTBOX_CHANNEL)).map(({ where }) => where);
}

describe('the outbox has one way in, and its channel is named once per language', () => {
	test('in the bot, only src/lib/outbox/channel.ts names it', () => {
		const strip = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
		expect(naming(files(new URL('src/', root), '.ts'), strip)).toEqual(['src/lib/outbox/channel.ts']);
	});

	test('no statement of the bot inserts into notifications: rows are planned (public.plan_notification)', () => {
		const strip = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
		const inserting = files(new URL('src/', root), '.ts').filter(({ text }) => /insert\s+into\s+public\.notifications\b/i.test(strip(text)));
		expect(inserting.map(({ where }) => where)).toEqual([]);
	});

	test('in SQL since plan_notification, only that function names it', () => {
		const later = files(new URL('supabase/migrations/', root), '.sql').filter(({ where }) => where.split('/').pop()! >= '20261207151000');
		const strip = (text: string) => text.replace(/--.*$/gm, '');
		expect(naming(later, strip)).toEqual(['supabase/migrations/20261207151000_plan_notification.sql']);
		const text = strip(later.find(({ where }) => where.endsWith('_plan_notification.sql'))!.text);
		expect(text.split(OUTBOX_CHANNEL)).toHaveLength(2);
	});
});
