/**
 * Every button and modal custom id the bot issues: a kind from this list and at most one short argument, joined by
 * `|`. No secrets or member state live in a custom id; `parseCustomId` is cheap and never throws.
 */
export const CUSTOM_ID_KINDS = {
	welcomeDiagnostic: 'welcome-diagnostic',
	welcomePackages: 'welcome-packages',
	language: 'language',
	diagnosticTool: 'diagnostic-tool',
	diagnosticQuick: 'diagnostic-quick',
	quickAssessmentModal: 'quick-modal',
	packagesFind: 'packages-find',
	packagesBookDirect: 'packages-book',
	book: 'book',
	checklist: 'checklist',
	sessionComplete: 'session-complete',
	sessionNoShow: 'session-noshow',
	sessionNoShowConfirm: 'session-noshow-ok',
	supportStart: 'support-start', supportTopic: 'support-topic', supportSolved: 'support-solved', supportOpen: 'support-open', supportModal: 'support-modal',
	ticketClaim: 'ticket-claim', ticketUnclaim: 'ticket-unclaim', ticketClose: 'ticket-close', ticketCloseModal: 'ticket-close-modal',
	staffConfirm: 'staff-confirm', staffCancel: 'staff-cancel',
	performanceCheck: 'perf',
	testimonial: 'testimonial',
	testimonialModal: 'testimonial-modal',
	testimonialApprove: 'testimonial-ok',
	testimonialReject: 'testimonial-no',
	testimonialRejectModal: 'testimonial-no-modal',
	myDataDelete: 'mydata-delete-ok',
	claimYes: 'claim-yes',
	claimNo: 'claim-no'
} as const;

export type CustomIdKind = (typeof CUSTOM_ID_KINDS)[keyof typeof CUSTOM_ID_KINDS];

const kinds = new Set<string>(Object.values(CUSTOM_ID_KINDS));
/** Arguments are short identifiers (package codes, uuids, `item.uuid`): never free text. */
const argumentPattern = /^[\w.-]{1,64}$/;

export interface ParsedCustomId {
	kind: CustomIdKind;
	arg: string | null;
}

export function customId(kind: CustomIdKind, arg?: string): string {
	if (arg === undefined) return kind;
	if (!argumentPattern.test(arg)) throw new Error(`Custom id argument for ${kind} is not a short identifier`);
	return `${kind}|${arg}`;
}

export function parseCustomId(value: string): ParsedCustomId | null {
	if (value.length > 100) return null;
	const separator = value.indexOf('|');
	const kind = separator === -1 ? value : value.slice(0, separator);
	const arg = separator === -1 ? null : value.slice(separator + 1);
	if (!kinds.has(kind)) return null;
	if (arg !== null && !argumentPattern.test(arg)) return null;
	return { kind: kind as CustomIdKind, arg };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Booking ids in custom ids are uuids; anything else is not ours. */
export function isUuid(value: string): boolean {
	return uuidPattern.test(value);
}
