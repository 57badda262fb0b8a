/**
 * Whether a reminder still makes sense when it is finally delivered (the bot may have been down when it fell due):
 * a 24 h reminder found within 2 h of the session is dropped in favour of the 2 h one; a 2 h reminder after the
 * start becomes "your session has started, join here"; nothing is sent about a session that has ended.
 */
export type ReminderDecision = { send: 'reminder_24h' | 'reminder_2h' | 'session_started' } | { skip: string };

export function decideReminder(kind: 'reminder_24h' | 'reminder_2h', startsAt: Date, endsAt: Date, now: Date): ReminderDecision {
	const untilStart = startsAt.getTime() - now.getTime();
	if (now >= endsAt) return { skip: 'the session is over' };
	if (kind === 'reminder_24h') return untilStart <= 2 * 3_600_000 ? { skip: 'within 2 h of the session: the 2 h reminder covers it' } : { send: 'reminder_24h' };
	return untilStart <= 0 ? { send: 'session_started' } : { send: 'reminder_2h' };
}
