import type { LogLevel } from './config/env.ts';

/**
 * A small structured logger: one JSON object per line on stderr. Fields carry ids and codes, never personal data or
 * secrets; `redact` is applied to every field value as a last line of defence.
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
	/(postgres(?:ql)?|redis|rediss):\/\/[^@\s/]*@/g, // credentials in connection strings
	/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/g, // JWTs (Supabase keys)
	/[\w.+-]+@[\w-]+\.[\w.-]+/g // e-mail addresses
];

export function redact(text: string): string {
	return secretPatterns.reduce((out, pattern) => out.replace(pattern, (match) => (match.includes('://') ? `${match.split('://')[0]}://[redacted]@` : '[redacted]')), text);
}

function serialise(value: unknown): unknown {
	if (value instanceof Error) {
		const code = (value as { code?: unknown }).code;
		return { name: value.name, message: redact(value.message), ...(code === undefined ? {} : { code }), stack: value.stack ? redact(value.stack) : undefined };
	}
	if (typeof value === 'string') return redact(value);
	return value;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
	const threshold = levelRank[level];
	const log = (name: Exclude<LogLevel, 'silent'>) => (message: string, fields: Fields = {}) => {
		if (levelRank[name] < threshold) return;
		const entry: Fields = { time: new Date().toISOString(), level: name, msg: redact(message) };
		for (const [key, value] of Object.entries(fields)) entry[key] = serialise(value);
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
