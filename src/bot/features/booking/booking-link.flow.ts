import { container } from '@sapphire/framework';
import type { BaseMessageOptions, User } from 'discord.js';
import type { TFunction } from 'i18next';
import { personalCalendlyUrl } from '../../../lib/booking/links.ts';
import { createBookingLink } from '../../../lib/data/booking-links.ts';
import { findPackage, hasCompletedSession, RETURNING_ONLY_PACKAGES } from '../../../lib/data/packages.ts';
import { ensureMember } from '../../members.ts';
import { renderBookingLink } from '../packages/render.ts';

/** The answer to a *Book* button or `/book package:`: the member's personal Calendly link for the package. */
export async function answerBook(t: TFunction, user: User, packageCode: string, displayName: string): Promise<BaseMessageOptions> {
	const pkg = await findPackage(container.db, packageCode);
	if (!pkg) return { content: t('packages:unknown') };
	if (RETURNING_ONLY_PACKAGES.has(pkg.code) && !(await hasCompletedSession(container.db, user.id)))
		return { content: t('packages:returningOnly', { name: pkg.name }) };
	if (!pkg.calendly_url) return renderBookingLink(t, pkg, null);
	const member = await ensureMember(user);
	const token = await createBookingLink(container.db, member.id, pkg.code);
	return renderBookingLink(t, pkg, personalCalendlyUrl(pkg.calendly_url, { name: displayName, token }));
}
