import { parseEnv, type Env } from '../../src/lib/config/env.ts';

/** A syntactically valid bot token whose first segment decodes to the given user id (never a real token). */
export function fakeToken(botId = '900000000000000001'): string {
	return `${Buffer.from(botId).toString('base64url')}.GAbCdE.${'x'.repeat(38)}`;
}

/** The bot's environment as parseEnv makes it from `values` (and a fake DISCORD_TOKEN unless given); throws on a problem. */
export function testEnv(values: Record<string, string>): Env {
	const parsed = parseEnv({ DISCORD_TOKEN: fakeToken(), ...values });
	if (!parsed.ok) throw new Error(parsed.problems.join('; '));
	return parsed.env;
}
