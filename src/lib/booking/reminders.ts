import { NOTIFICATION_KINDS } from '../outbox/kinds.ts';

/**
 * Whether a reminder still makes sense when it is finally delivered (the bot may have been down when it fell due):
 * a 24 h reminder found within 2 h of the session is dropped in favour of the 2 h one; a 2 h reminder after the
 * start becomes "your session has started, join here"; nothing is sent about a session that has ended.
 */
export type ReminderDecision = { send: 'reminder_24h' | 'reminder_2h' | 'session_started' } | { skip: string };

export function decideReminder(kind: 'reminder_24h' | 'reminder_2h', startsAt: Date, endsAt: Date, now: Date): ReminderDecision {
	const untilStart = startsAt.getTime() - now.getTime();
	if (now >= endsAt) return { skip: 'the session is over' };
	// Within the 2 h reminder's lead (the registry's, the one calendly_apply_delivery plans with), it covers the 24 h one.
	if (kind === 'reminder_24h')
		return untilStart <= NOTIFICATION_KINDS.reminder_2h.leadMs
			? { skip: 'within 2 h of the session: the 2 h reminder covers it' }
			: { send: 'reminder_24h' };
	return untilStart <= 0 ? { send: 'session_started' } : { send: 'reminder_2h' };
}
