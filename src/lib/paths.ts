import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (the directory holding package.json), wherever the process was started from and whether this
 * module runs from src/lib (tsx, vitest) or from the compiled build in dist/src/lib (`npm run build`).
 */
function findProjectRoot(from: string): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
	}
}

export const projectRoot = join(findProjectRoot(fileURLToPath(new URL('.', import.meta.url))), '/');
export const migrationsDir = join(projectRoot, 'supabase/migrations/');
export const supabaseStackSql = join(projectRoot, 'supabase/local/supabase-stack.sql');
export const defaultDataDir = join(projectRoot, '.data/pglite');
export const diagnosticScript = join(projectRoot, 'tools/fpsos-diagnostic.ps1');
/** The directory holding the Sapphire pieces and src/languages: src/, or dist/src/ in the compiled build. */
export const sourceDir = fileURLToPath(new URL('../', import.meta.url));
