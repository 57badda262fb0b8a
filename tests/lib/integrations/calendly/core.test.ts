import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

/**
 * The bot reaches the Calendly core (shared with the Edge Function under supabase/functions) through one door:
 * src/lib/integrations/calendly/core.ts re-exports the core's declared entry, supabase/functions/_shared/calendly/index.ts,
 * and no other file of src imports anything under supabase/functions. Imports are read with TypeScript's own scanner
 * (static imports, re-exports, `import()` and `import type` alike).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const functionsDir = join(root, 'supabase/functions');
const DOOR = 'src/lib/integrations/calendly/core.ts';
const ENTRY = 'supabase/functions/_shared/calendly/index.ts';

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.(?:ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
	});
}

/** What a file imports under supabase/functions, as paths from the repository's root. */
function functionsImports(file: string, text: string): string[] {
	return ts
		.preProcessFile(text, true, true)
		.importedFiles.map(({ fileName }) => fileName)
		.filter((specifier) => specifier.startsWith('.'))
		.map((specifier) => resolve(dirname(file), specifier))
		.filter((path) => path === functionsDir || path.startsWith(`${functionsDir}/`))
		.map((path) => relative(root, path));
}

const crossings = sourceFiles(join(root, 'src')).flatMap((file) =>
	functionsImports(file, readFileSync(file, 'utf8')).map((target) => ({ from: relative(root, file), to: target }))
);

describe('the Calendly core has one door into src', () => {
	test(`only ${DOOR} imports from supabase/functions, and only ${ENTRY}`, () => {
		expect(crossings).toEqual([{ from: DOOR, to: ENTRY }]);
	});

	test('the check sees every form of import', () => {
		const file = join(root, 'src/lib/booking/links.ts');
		const text = [
			"import { a } from '../../../supabase/functions/_shared/calendly/store.ts';",
			"import type { B } from '../../../supabase/functions/_shared/calendly/handler.ts';",
			"export { c } from '../../../supabase/functions/_shared/booking-token.ts';",
			"const d = await import('../../../supabase/functions/_shared/bytes.ts');",
			"import { e } from '../integrations/calendly/core.ts';"
		].join('\n');
		expect(functionsImports(file, text)).toEqual([
			'supabase/functions/_shared/calendly/store.ts',
			'supabase/functions/_shared/calendly/handler.ts',
			'supabase/functions/_shared/booking-token.ts',
			'supabase/functions/_shared/bytes.ts'
		]);
	});
});
