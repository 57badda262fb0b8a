import type { CalendlyLogger } from './calendly/handler.ts';

/** JSON lines on stderr for Edge Functions (the function logs in the Supabase dashboard). E-mails are masked. */
const email = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

export function jsonConsoleLogger(name: string): CalendlyLogger {
	const write =
		(level: string) =>
		(message: string, fields: Record<string, unknown> = {}) => {
			const line = JSON.stringify({ time: new Date().toISOString(), level, fn: name, msg: message, ...fields });
			console.error(line.replace(email, '[redacted]'));
		};
	return { info: write('info'), warn: write('warn'), error: write('error') };
}
