/**
 * The functions a migration's SQL creates and alters, read from its text (`--` comments left out): each
 * `CREATE [OR REPLACE] FUNCTION | PROCEDURE` and `ALTER FUNCTION | PROCEDURE` as `schema.name` (lower case, quotes
 * dropped, `public` when unqualified: the migrations run with Supabase's search_path). Overloads share a name.
 * Triggers likewise, as `schema.table.trigger`.
 */
const identifier = String.raw`(?:"[^"]+"|[A-Za-z_][\w$]*)`;
const routine = (verb: string) => new RegExp(String.raw`\b${verb}\s+(?:function|procedure)\s+(${identifier}(?:\s*\.\s*${identifier})?)\s*\(`, 'gi');
const creating = routine(String.raw`create(?:\s+or\s+replace)?`);
const altering = routine('alter');

const trigger = new RegExp(
	String.raw`\bcreate(?:\s+or\s+replace)?(?:\s+constraint)?\s+trigger\s+(${identifier})\s[\s\S]*?\bon\s+(${identifier}(?:\s*\.\s*${identifier})?)`,
	'gi'
);

const withoutComments = (sql: string): string => sql.replace(/--.*$/gm, '');

/** An identifier as PostgreSQL reads it: quoted as written, else in lower case. */
function unquoted(identifier: string): string {
	const trimmed = identifier.trim();
	return trimmed.startsWith('"') ? trimmed.slice(1, -1) : trimmed.toLowerCase();
}

/** `name` or `schema.name` as `schema.name`. */
function qualified(name: string): string {
	const parts = name.split('.').map(unquoted);
	return parts.length === 1 ? `public.${parts[0]}` : parts.join('.');
}

const names = (sql: string, pattern: RegExp): string[] => [...withoutComments(sql).matchAll(pattern)].map(([, name]) => qualified(name!));

/** The functions `sql` creates (or replaces), once per statement, in order. */
export const functionsCreated = (sql: string): string[] => names(sql, creating);

/** The functions `sql` alters (attributes, owner, schema), once per statement. */
export const functionsAltered = (sql: string): string[] => names(sql, altering);

/** The triggers `sql` creates (or replaces), as `schema.table.trigger`, once per statement. */
export const triggersCreated = (sql: string): string[] =>
	[...withoutComments(sql).matchAll(trigger)].map(([, name, table]) => `${qualified(table!)}.${unquoted(name!)}`);
