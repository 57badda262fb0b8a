/**
 * What a member can ask support about. The order is the order of the menu. Topics with a known answer (`faq`) show
 * that answer first, with *That solved it* / *Open a ticket*; the others go straight to the description form.
 * `low_rating` is opened by the bot itself after a session rated 6 or lower, never picked from the menu.
 */
export const MENU_TOPICS = ['diagnostic', 'reschedule', 'payment', 'booking', 'session', 'other'] as const;
export const SYSTEM_TOPICS = ['low_rating'] as const;

export type MenuTopic = (typeof MENU_TOPICS)[number];
export type TicketTopic = MenuTopic | (typeof SYSTEM_TOPICS)[number];

const FAQ_TOPICS: ReadonlySet<TicketTopic> = new Set<TicketTopic>(['diagnostic', 'reschedule', 'payment']);
const ALL_TOPICS: ReadonlySet<string> = new Set<string>([...MENU_TOPICS, ...SYSTEM_TOPICS]);

/** A topic a member may pick from the menu, or null (anything else, including system topics). */
export function parseMenuTopic(value: string | null | undefined): MenuTopic | null {
	return value && (MENU_TOPICS as readonly string[]).includes(value) ? (value as MenuTopic) : null;
}

/** Any topic a ticket may carry; unknown codes become `other` so a caller's typo never loses a ticket. */
export function normaliseTopic(value: string): TicketTopic {
	return ALL_TOPICS.has(value) ? (value as TicketTopic) : 'other';
}

export function hasKnownAnswer(topic: TicketTopic): boolean {
	return FAQ_TOPICS.has(topic);
}
