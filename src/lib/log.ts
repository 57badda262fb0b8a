import type { LogLevel } from './config/env.ts';

/**
 * A small structured logger: one JSON object per line on stderr. Fields carry ids and codes, never personal data or
 * secrets. As a last line of defence every string (nested ones and error messages too) goes through `redact`, and
 * fields named like a secret or like member content (token, email, content, file, ...) are dropped whatever they hold.
 */
export type Fields = Record<string, unknown>;

export interface Logger {
	trace(message: string, fields?: Fields): void;
	debug(message: string, fields?: Fields): void;
	info(message: string, fields?: Fields): void;
	warn(message: string, fields?: Fields): void;
	error(message: string, fields?: Fields): void;
	fatal(message: string, fields?: Fields): void;
	enabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

export const levelRank: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

const secretPatterns: RegExp[] = [
	/[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g, // Discord bot tokens
	/(postgres(?:ql)?|redis|rediss|https?):\/\/[^@\s/]*@/g, // credentials in connection strings and URLs (Sentry DSN)
	/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/g, // JWTs (Supabase keys)
	/[\w.+-]+@[\w-]+\.[\w.-]+/g, // e-mail addresses
	/Unexpected token '[^']{1,4}', "[\s\S]*?"(?:\.\.\.)? is not valid JSON/g, // JSON.parse quoting the file it was given
	/\b(?:Bearer|Bot)\s+[\w.~+/-]{16,}=*/g // Authorization header values
];

export function redact(text: string): string {
	return secretPatterns.reduce(
		(out, pattern) =>
			out.replace(pattern, (match) => {
				if (match.includes('://')) return `${match.split('://')[0]}://[redacted]@`;
				if (match.endsWith('is not valid JSON')) return 'Unexpected token: [content redacted] is not valid JSON';
				return '[redacted]';
			}),
		text
	);
}

/** Fields whose value is never logged, whatever it looks like: secrets, and what members wrote or uploaded. */
const sensitiveKey =
	/^(?:e-?mail|token|access_?token|password|secret|authorization|cookie|api_?key|signing_?key|dsn|content|body|raw_?body|file|file_?contents?|attachment|answers?|feedback)$/i;

function serialise(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
	if (typeof value === 'string') return redact(value);
	if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
	if (seen.has(value)) return '[circular]';
	seen.add(value);
	if (value instanceof Error) {
		const code = (value as { code?: unknown }).code;
		const cause = (value as { cause?: unknown }).cause;
		return {
			name: value.name,
			message: redact(value.message),
			...(code === undefined ? {} : { code: serialise(code, depth + 1, seen) }),
			stack: value.stack ? redact(value.stack) : undefined,
			...(cause === undefined || depth >= 3 ? {} : { cause: serialise(cause, depth + 1, seen) })
		};
	}
	if (value instanceof Date) return value.toISOString();
	if (depth >= 4) return '[object]';
	if (Array.isArray(value)) return value.slice(0, 50).map((item) => serialise(item, depth + 1, seen));
	const out: Fields = {};
	for (const [key, inner] of Object.entries(value)) out[key] = sensitiveKey.test(key) ? '[redacted]' : serialise(inner, depth + 1, seen);
	return out;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
	const threshold = levelRank[level];
	const log =
		(name: Exclude<LogLevel, 'silent'>) =>
		(message: string, fields: Fields = {}) => {
			if (levelRank[name] < threshold) return;
			const entry: Fields = { time: new Date().toISOString(), level: name, msg: redact(message) };
			for (const [key, value] of Object.entries(fields)) entry[key] = sensitiveKey.test(key) ? '[redacted]' : serialise(value);
			write(JSON.stringify(entry));
		};
	return {
		trace: log('trace'),
		debug: log('debug'),
		info: log('info'),
		warn: log('warn'),
		error: log('error'),
		fatal: log('fatal'),
		enabled: (name) => levelRank[name] >= threshold
	};
}
