import { GatewayRefusedError } from '../bot/gateway-refusal.ts';
import { redact } from '../lib/log.ts';

/**
 * Why Discord refused the bot, in words an owner can act on: discord.js's own error codes at login, and the gateway
 * close codes (src/bot/gateway-refusal.ts). Shared by `fpsos start` and `fpsos doctor`.
 */
const TOKEN_PROBLEM =
	"Discord rejected DISCORD_TOKEN: it is not (or no longer) your bot's token. In the developer portal open your application > Bot > Reset Token, and put the new token in DISCORD_TOKEN.";
const INTENTS_PROBLEM =
	"Discord refused the bot's privileged gateway intents (close code 4014): in the developer portal open your application > Bot > Privileged Gateway Intents, switch on Server Members Intent and Message Content Intent, save, and start the bot again.";

const loginProblems: Record<string, string> = { TokenInvalid: TOKEN_PROBLEM, DisallowedIntents: INTENTS_PROBLEM };
const closeProblems: Record<number, string> = {
	4004: TOKEN_PROBLEM.replace('DISCORD_TOKEN:', 'DISCORD_TOKEN (close code 4004):'),
	4014: INTENTS_PROBLEM
};

export function describeStartFailure(error: unknown): string {
	if (error instanceof GatewayRefusedError && closeProblems[error.closeCode]) return closeProblems[error.closeCode]!;
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && code in loginProblems) return loginProblems[code]!;
	const message = error instanceof Error ? error.message : String(error);
	return `The bot could not start: ${redact(message)}`;
}
