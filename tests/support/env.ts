/** A syntactically valid bot token whose first segment decodes to the given user id (never a real token). */
export function fakeToken(botId = '900000000000000001'): string {
	return `${Buffer.from(botId).toString('base64url')}.GAbCdE.${'x'.repeat(38)}`;
}
