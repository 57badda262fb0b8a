import { fileURLToPath } from 'node:url';

/** The repository root, wherever the process was started from. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../supabase/migrations/', import.meta.url));
export const supabaseStackSql = fileURLToPath(new URL('../../supabase/local/supabase-stack.sql', import.meta.url));
export const defaultDataDir = fileURLToPath(new URL('../../.data/pglite', import.meta.url));
export const diagnosticScript = fileURLToPath(new URL('../../tools/fpsos-diagnostic.ps1', import.meta.url));
export const sourceDir = fileURLToPath(new URL('../', import.meta.url));
