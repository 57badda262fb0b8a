import type { ViolationKind } from '../violations.ts';
import { describeIssue, toDiscordErrors, type Issue } from '../validation/issues.ts';

/** A Discord error answer; `violation` marks it as a rule the bot broke (recorded by the server). */
export class HttpError extends Error {
	readonly status: number;
	readonly body: Record<string, unknown>;
	readonly violation: { kind: ViolationKind; reason: string } | null;

	constructor(status: number, body: Record<string, unknown>, violation: { kind: ViolationKind; reason: string } | null = null) {
		super(`${status} ${String(body.message)}`);
		this.status = status;
		this.body = body;
		this.violation = violation;
	}

	/** The same answer, now also recorded as a violation. */
	asViolation(kind: ViolationKind, reason: string): HttpError {
		return new HttpError(this.status, this.body, { kind, reason });
	}
}

const error = (status: number, code: number, message: string) => (): HttpError => new HttpError(status, { message, code });

/** Discord's real error answers (status, JSON code, message). */
export const DiscordErrors = {
	notFound: error(404, 0, '404: Not Found'),
	unauthorized: error(401, 0, '401: Unauthorized'),
	unknownApplication: error(404, 10002, 'Unknown Application'),
	unknownChannel: error(404, 10003, 'Unknown Channel'),
	unknownGuild: error(404, 10004, 'Unknown Guild'),
	unknownMember: error(404, 10007, 'Unknown Member'),
	unknownMessage: error(404, 10008, 'Unknown Message'),
	unknownOverwrite: error(404, 10009, 'Unknown Overwrite'),
	unknownRole: error(404, 10011, 'Unknown Role'),
	unknownUser: error(404, 10013, 'Unknown User'),
	unknownEmoji: error(400, 10014, 'Unknown Emoji'),
	unknownWebhook: error(404, 10015, 'Unknown Webhook'),
	unknownInteraction: error(404, 10062, 'Unknown interaction'),
	unknownCommand: error(404, 10063, 'Unknown application command'),
	entityTooLarge: error(413, 40005, 'Request entity too large'),
	alreadyAcknowledged: error(400, 40060, 'Interaction has already been acknowledged.'),
	missingAccess: error(403, 50001, 'Missing Access'),
	cannotEditOthersMessage: error(403, 50005, 'Cannot edit a message authored by another user'),
	emptyMessage: error(400, 50006, 'Cannot send an empty message'),
	cannotSendToUser: error(403, 50007, 'Cannot send messages to this user'),
	cannotSendNoMutualGuilds: error(403, 50278, 'Cannot send messages to this user due to having no mutual guilds'),
	invalidWebhookToken: error(401, 50027, 'Invalid Webhook Token'),
	threadArchived: error(400, 50083, 'Thread is archived'),
	invalidFormBody: (issues: readonly Issue[]): HttpError =>
		new HttpError(400, { code: 50035, message: 'Invalid Form Body', errors: toDiscordErrors(issues) })
};

/** 400 Invalid Form Body, recorded as a violation listing every field, limit and actual size. */
export function invalidBody(route: string, what: string, issues: readonly Issue[]): HttpError {
	const reasons = issues.map(describeIssue).join('; ');
	return DiscordErrors.invalidFormBody(issues).asViolation('invalid-body', `${route} (${what}) rejected with 50035 Invalid Form Body: ${reasons}`);
}
