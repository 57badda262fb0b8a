/**
 * The functions a migration's SQL creates and alters, read from its text (`--` comments left out): each
 * `CREATE [OR REPLACE] FUNCTION | PROCEDURE` and `ALTER FUNCTION | PROCEDURE` as `schema.name` (lower case, quotes
 * dropped, `public` when unqualified: the migrations run with Supabase's search_path). Overloads share a name.
 */
const identifier = String.raw`(?:"[^"]+"|[A-Za-z_][\w$]*)`;
const routine = (verb: string) => new RegExp(String.raw`\b${verb}\s+(?:function|procedure)\s+(${identifier}(?:\s*\.\s*${identifier})?)\s*\(`, 'gi');
const creating = routine(String.raw`create(?:\s+or\s+replace)?`);
const altering = routine('alter');

const withoutComments = (sql: string): string => sql.replace(/--.*$/gm, '');

function names(sql: string, pattern: RegExp): string[] {
	return [...withoutComments(sql).matchAll(pattern)].map(([, name]) => {
		const parts = name!.split('.').map((part) => {
			const trimmed = part.trim();
			return trimmed.startsWith('"') ? trimmed.slice(1, -1) : trimmed.toLowerCase();
		});
		return parts.length === 1 ? `public.${parts[0]}` : parts.join('.');
	});
}

/** The functions `sql` creates (or replaces), once per statement, in order. */
export const functionsCreated = (sql: string): string[] => names(sql, creating);

/** The functions `sql` alters (attributes, owner, schema), once per statement. */
export const functionsAltered = (sql: string): string[] => names(sql, altering);
