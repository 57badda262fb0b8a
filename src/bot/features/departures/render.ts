import { TimestampStyles, escapeMarkdown, time, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import type { DepartureNotice } from '../../../lib/data/departures.ts';

/** Staff: a member with sessions ahead left the server (names the member without pinging anyone). */
export function renderDepartureNotice(t: TFunction, notice: DepartureNotice): BaseMessageOptions {
	const sessions = notice.sessions.map((session) =>
		t('booking:memberLeft.session', {
			package: session.package_name ?? t('booking:memberLeft.unknownPackage'),
			when: time(session.starts_at, TimestampStyles.LongDateTime),
			relative: time(session.starts_at, TimestampStyles.RelativeTime)
		})
	);
	const content = t('booking:memberLeft.notice', {
		member: `<@${notice.discord_user_id ?? '0'}>`,
		name: escapeMarkdown(notice.username ?? '?'),
		sessions: sessions.join('\n')
	});
	return { content: content.slice(0, 2000), allowedMentions: { parse: [] } };
}
