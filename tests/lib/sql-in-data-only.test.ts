import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

/**
 * SQL lives in src/lib/data (and the migrations, outside src): every other file asks a named function there. A file
 * holds SQL when, outside comments, it calls `query`/`exec` on a database handle, uses an `sql` template tag, names a
 * table as `public.<name>` or calls `pg_notify`.
 */

const srcDir = new URL('../../src/', import.meta.url);

const SQL_SIGNS: { name: string; pattern: RegExp }[] = [
	{ name: 'a query on a database handle', pattern: /\b(?:db|tx|pool|database|sql)\s*\.\s*(?:query|exec|unsafe)\s*(?:<[^>(]*>)?\s*\(/ },
	{ name: 'an sql template tag', pattern: /\bsql\s*`/ },
	{ name: 'a table of the public schema', pattern: /(?<![\w:.-])public\.[a-z_]+\b/ },
	{ name: 'pg_notify', pattern: /\bpg_notify\s*\(/ }
];

function sourceFiles(dir: URL): URL[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.isDirectory()) return entry.name === 'languages' ? [] : sourceFiles(new URL(`${entry.name}/`, dir));
		return entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [];
	});
}

/** The code without its comments (block comments, and line comments not inside a string such as a URL). */
function withoutComments(text: string): string {
	return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function sqlSigns(text: string): string[] {
	const code = withoutComments(text);
	return SQL_SIGNS.filter(({ pattern }) => pattern.test(code)).map(({ name }) => name);
}

const files = sourceFiles(srcDir).map((file) => ({ where: file.pathname.slice(srcDir.pathname.length), text: readFileSync(file, 'utf8') }));
const outsideData = files.filter(({ where }) => !where.startsWith('lib/data/'));

describe('SQL lives in src/lib/data', () => {
	test('the scan sees SQL where it is', () => {
		const inData = files.filter(({ where, text }) => where.startsWith('lib/data/') && sqlSigns(text).length > 0);
		expect(inData.length).toBeGreaterThan(15);
		expect(sqlSigns("await this.container.db.query<{ id: string }>('select id from public.bookings where id = $1', [id]);")).toEqual([
			'a query on a database handle',
			'a table of the public schema'
		]);
		expect(sqlSigns('await tx.exec(script);')).toEqual(['a query on a database handle']);
		expect(sqlSigns('const rows = await sql`select 1`;')).toEqual(['an sql template tag']);
		expect(sqlSigns("await db.query(`select pg_notify('fpsos_outbox', $1)`, [key]);")).toContain('pg_notify');
	});

	test('texts, regular expressions and comments are not SQL', () => {
		expect(sqlSigns("t('testimonials:public.gain', { gain });")).toEqual([]);
		expect(sqlSigns('const match = /^discord:(\\d+)$/.exec(actor);')).toEqual([]);
		expect(sqlSigns('// reads public.bookings\n/** calls public.calendly_apply_delivery */\nconst url = "https://example.com";')).toEqual([]);
	});

	test('no file outside src/lib/data holds SQL', () => {
		const offenders = outsideData
			.filter(({ text }) => sqlSigns(text).length > 0)
			.map(({ where, text }) => `src/${where}: ${sqlSigns(text).join(', ')}`);
		expect(offenders).toEqual([]);
	});
});
