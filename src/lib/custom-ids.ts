import { z } from 'zod';
import { CHECKLIST_ITEMS, type ChecklistItem } from './booking/checklist.ts';
import { LOCALES, type Locale } from './config/env.ts';
import { PERFORMANCE_ANSWERS, type PerformanceAnswer } from './data/follow-ups.ts';
import { MENU_TOPICS, type MenuTopic } from './tickets/topics.ts';

/**
 * Every button, menu and modal custom id the bot issues: a kind from this list and at most one short argument,
 * joined by `|`. Each kind has its codec in `CODECS` (what its argument holds, how it is written and read back,
 * validated both ways), so `customId(kind, value)` and `decode(kind, id)` are typed per kind. No secrets or member
 * state live in a custom id; `decode` is cheap and never throws.
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
	supportStart: 'support-start',
	supportTopic: 'support-topic',
	supportSolved: 'support-solved',
	supportOpen: 'support-open',
	supportModal: 'support-modal',
	ticketClaim: 'ticket-claim',
	ticketUnclaim: 'ticket-unclaim',
	ticketClose: 'ticket-close',
	ticketCloseModal: 'ticket-close-modal',
	staffConfirm: 'staff-confirm',
	staffCancel: 'staff-cancel',
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

/** Discord refuses a component or modal whose custom id is longer than this. */
export const CUSTOM_ID_MAX_LENGTH = 100;
const SEPARATOR = '|';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Booking ids in custom ids are uuids; anything else is not ours. */
export function isUuid(value: string): boolean {
	return uuidPattern.test(value);
}

/** How one kind's argument is written (`encode`) and read back (`schema`, which refuses anything else). */
interface Codec<T> {
	readonly encode: (value: T) => string;
	readonly schema: z.ZodType<T, string>;
}

/** Any kind's codec, whatever its value. */
interface AnyCodec {
	readonly encode: (value: never) => string;
	readonly schema: z.ZodType<unknown, string>;
}

/** The codec of kinds that carry no argument. */
const NONE = null;

const uuid = z.string().regex(uuidPattern);

/** A uuid (a booking, a ticket, a claim...). */
const id: Codec<string> = { encode: (value) => value, schema: uuid };

/** A package code: a short identifier, never free text. */
const packageCode: Codec<string> = { encode: (value) => value, schema: z.string().regex(/^[\w.-]{1,64}$/) };

const locale: Codec<Locale> = { encode: (value) => value, schema: z.enum(LOCALES) };

const menuTopic: Codec<MenuTopic> = { encode: (value) => value, schema: z.enum(MENU_TOPICS) };

/** Two parts joined by `.`: exactly two, each read by its own schema. */
function pair<A, B>(first: z.ZodType<A, string>, second: z.ZodType<B, string>) {
	return z.string().transform((arg, ctx): readonly [A, B] => {
		const parts = arg.split('.');
		const a = parts.length === 2 ? first.safeParse(parts[0]) : null;
		const b = parts.length === 2 ? second.safeParse(parts[1]) : null;
		if (a?.success && b?.success) return [a.data, b.data];
		ctx.addIssue({ code: 'custom', message: 'not two parts joined by a dot, each valid' });
		return z.NEVER;
	});
}

const checklistItem: Codec<{ item: ChecklistItem; bookingId: string }> = {
	encode: ({ item, bookingId }) => `${item}.${bookingId}`,
	schema: pair(z.enum(CHECKLIST_ITEMS), uuid).transform(([item, bookingId]) => ({ item, bookingId }))
};

const performanceAnswer: Codec<{ answer: PerformanceAnswer; bookingId: string }> = {
	encode: ({ answer, bookingId }) => `${answer}.${bookingId}`,
	schema: pair(z.enum(PERFORMANCE_ANSWERS), uuid).transform(([answer, bookingId]) => ({ answer, bookingId }))
};

/** A testimonial in the revision staff saw: a second submission is a new revision with its own buttons. */
const reviewedRevision: Codec<{ id: string; revision: number }> = {
	encode: ({ id: testimonialId, revision }) => `${testimonialId}.${revision}`,
	schema: pair(uuid, z.string().regex(/^\d{1,6}$/)).transform(([testimonialId, revision]) => ({ id: testimonialId, revision: Number(revision) }))
};

const K = CUSTOM_ID_KINDS;

/** Each kind's argument. */
const CODECS = {
	[K.welcomeDiagnostic]: NONE,
	[K.welcomePackages]: NONE,
	[K.language]: locale,
	[K.diagnosticTool]: NONE,
	[K.diagnosticQuick]: NONE,
	[K.quickAssessmentModal]: NONE,
	[K.packagesFind]: NONE,
	[K.packagesBookDirect]: NONE,
	[K.book]: packageCode,
	[K.checklist]: checklistItem,
	[K.sessionComplete]: id,
	[K.sessionNoShow]: id,
	[K.sessionNoShowConfirm]: id,
	[K.supportStart]: NONE,
	[K.supportTopic]: NONE,
	[K.supportSolved]: menuTopic,
	[K.supportOpen]: menuTopic,
	[K.supportModal]: menuTopic,
	[K.ticketClaim]: id,
	[K.ticketUnclaim]: id,
	[K.ticketClose]: id,
	[K.ticketCloseModal]: id,
	[K.staffConfirm]: id,
	[K.staffCancel]: id,
	[K.performanceCheck]: performanceAnswer,
	[K.testimonial]: id,
	[K.testimonialModal]: id,
	[K.testimonialApprove]: reviewedRevision,
	[K.testimonialReject]: reviewedRevision,
	[K.testimonialRejectModal]: reviewedRevision,
	[K.myDataDelete]: NONE,
	[K.claimYes]: id,
	[K.claimNo]: id
} as const satisfies Record<CustomIdKind, AnyCodec | typeof NONE>;

/** What a kind's custom id carries: its codec's value, or nothing. */
export type CustomIdValue<Kind extends CustomIdKind> = (typeof CODECS)[Kind] extends Codec<infer T> ? T : undefined;

/** A decoded custom id of one of the kinds asked for. */
export type DecodedCustomId<Kind extends CustomIdKind> = { [P in Kind]: { kind: P; value: CustomIdValue<P> } }[Kind];

type ValueArgs<Kind extends CustomIdKind> = CustomIdValue<Kind> extends undefined ? [] : [value: CustomIdValue<Kind>];

function codecOf(kind: CustomIdKind): Codec<unknown> | null {
	return CODECS[kind] as unknown as Codec<unknown> | null;
}

/** The custom id for a kind and its value; throws when the value is not what the kind carries (a bug, not input). */
export function customId<Kind extends CustomIdKind>(kind: Kind, ...[value]: ValueArgs<Kind>): string {
	const codec = codecOf(kind);
	if (!codec) return kind;
	const arg = codec.encode(value);
	if (!codec.schema.safeParse(arg).success) throw new Error(`Custom id argument for ${kind} is not what the kind carries`);
	const result = `${kind}${SEPARATOR}${arg}`;
	if (result.length > CUSTOM_ID_MAX_LENGTH) throw new Error(`Custom id for ${kind} is longer than ${CUSTOM_ID_MAX_LENGTH} characters`);
	return result;
}

/**
 * Reads a custom id as one of `kinds` (one kind, or a handler's list): its kind and value, or null when it is none
 * of them or its argument is not what the kind carries. Cheap, and never throws.
 */
export function decode<Kind extends CustomIdKind>(kinds: Kind | readonly Kind[], value: string): DecodedCustomId<Kind> | null {
	if (value.length > CUSTOM_ID_MAX_LENGTH) return null;
	const separator = value.indexOf(SEPARATOR);
	const kind = (separator === -1 ? value : value.slice(0, separator)) as Kind;
	const wanted = typeof kinds === 'string' ? kind === kinds : kinds.includes(kind);
	if (!wanted || !Object.hasOwn(CODECS, kind)) return null;
	const codec = codecOf(kind);
	if (!codec) return separator === -1 ? ({ kind, value: undefined } as DecodedCustomId<Kind>) : null;
	if (separator === -1) return null;
	const parsed = codec.schema.safeParse(value.slice(separator + 1));
	return parsed.success ? ({ kind, value: parsed.data } as DecodedCustomId<Kind>) : null;
}
