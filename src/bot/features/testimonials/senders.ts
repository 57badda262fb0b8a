import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, type BaseMessageOptions, type Message } from 'discord.js';
import { creditStatement } from '../../../lib/data/credits.ts';
import { hasLeft, MEMBER_LEFT } from '../../../lib/data/departures.ts';
import { memberReach } from '../../../lib/data/members.ts';
import { clearPublicMessage, loadTestimonial, setTestimonialMessage, type TestimonialView } from '../../../lib/data/testimonials.ts';
import { formatAed } from '../../../lib/money.ts';
import { REFERRAL_REWARD_AED } from '../../../lib/referrals/rules.ts';
import type { DeliveryResult } from '../../../lib/outbox/outcome.ts';
import type { KindsOf } from '../../../lib/outbox/kinds.ts';
import type { TypedOutboxRow } from '../../../lib/data/outbox.ts';
import { sendableChannel } from '../../channels.ts';
import { memberT, serverT } from '../../i18n.ts';
import { dmMember } from '../../member-reach.ts';
import { openTicket } from '../tickets/flow.ts';
import { renderPublicTestimonial, renderStaffReviewCard } from './render.ts';
import { servedGuildId } from '../../served-guild.ts';
import { nonceFor } from '../../outbox/nonce.ts';

/** Posts a message once, or edits the one posted for an earlier revision (when it still exists). */
async function postOrEdit(
	channelId: string | undefined,
	previousId: string | null,
	message: BaseMessageOptions,
	nonce: string
): Promise<Message | null> {
	const channel = await sendableChannel(channelId);
	if (!channel) return null;
	if (previousId) {
		const previous = await channel.messages.fetch(previousId).catch(() => null);
		if (previous) return previous.edit(message);
	}
	return channel.send({ ...message, nonce, enforceNonce: true });
}

const CARDS = {
	staff: { channel: 'DISCORD_STAFF_CHANNEL_ID', render: renderStaffReviewCard, previous: (view: TestimonialView) => view.staff_message_id },
	public: {
		channel: 'DISCORD_TESTIMONIALS_CHANNEL_ID',
		render: renderPublicTestimonial,
		previous: (view: TestimonialView) => view.public_message_id
	}
} as const;

/** Posts the staff review card or the public post (editing the earlier revision's in place) and remembers its message. */
async function postCard(rowId: string, view: TestimonialView, which: keyof typeof CARDS): Promise<DeliveryResult> {
	const card = CARDS[which];
	const sent = await postOrEdit(container.config[card.channel], card.previous(view), card.render(serverT(), view), nonceFor(rowId));
	if (!sent) return { outcome: 'skipped', reason: `${card.channel} is not set to a text channel` };
	await setTestimonialMessage(container.db, view.id, which, sent.id);
	return { outcome: 'sent' };
}

async function deliverReviewCard(row: TypedOutboxRow<'testimonial_review'>, testimonialId: string): Promise<DeliveryResult> {
	const view = await loadTestimonial(container.db, testimonialId);
	if (!view) return { outcome: 'skipped', reason: 'the testimonial no longer exists' };
	if (view.revision !== row.payload.revision) return { outcome: 'skipped', reason: 'a newer revision has its own card' };
	return postCard(row.id, view, 'staff');
}

/** A resubmitted testimonial's public post comes down until the new version is approved. */
async function withdrawPublicPost(row: TypedOutboxRow<'testimonial_published'>, testimonialId: string): Promise<DeliveryResult> {
	const messageId = row.payload.message_id ?? null;
	// Approved again meanwhile: the new version's post replaces the old words in place.
	const view = await loadTestimonial(container.db, testimonialId);
	if (!view || view.status === 'approved') return { outcome: 'skipped', reason: 'the new version was approved (or the testimonial is gone)' };
	const channel = await sendableChannel(container.config.DISCORD_TESTIMONIALS_CHANNEL_ID);
	if (!messageId || !channel) return { outcome: 'skipped', reason: 'no public post to take down' };
	const removed = await channel.messages.delete(messageId).then(
		() => true,
		(error: unknown) => {
			if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) return true;
			throw error;
		}
	);
	if (removed) await clearPublicMessage(container.db, testimonialId, messageId);
	return { outcome: 'sent' };
}

async function deliverPublicPost(row: TypedOutboxRow<'testimonial_published'>, testimonialId: string): Promise<DeliveryResult> {
	if (row.payload.unpublish === true) return withdrawPublicPost(row, testimonialId);
	const view = await loadTestimonial(container.db, testimonialId);
	if (!view) return { outcome: 'skipped', reason: 'the testimonial no longer exists' };
	if (view.status !== 'approved' || view.revision !== row.payload.revision)
		return { outcome: 'skipped', reason: 'this revision is no longer the approved one' };
	return postCard(row.id, view, 'public');
}

async function deliverReferralCredit(row: TypedOutboxRow<'referral_credit'>): Promise<DeliveryResult> {
	const member = await memberReach(container.db, row.member_id);
	if (!member?.discord_user_id || !row.member_id) return { outcome: 'skipped', reason: 'the referrer is no longer known' };
	// The credit itself is in the ledger; only the DM about it waits for nobody.
	if (member.left) return { outcome: 'skipped', reason: MEMBER_LEFT };
	const statement = await creditStatement(container.db, row.member_id, 0);
	const t = await memberT(member.discord_user_id);
	const content = t('referrals:creditDm', {
		amount: formatAed(row.payload.amount_aed ?? REFERRAL_REWARD_AED),
		balance: formatAed(statement.balanceAed)
	});
	const sent = await dmMember(member.discord_user_id, { content, nonce: nonceFor(row.id), enforceNonce: true });
	if (sent.ok) return { outcome: 'sent' };
	if (sent.refused === 'left') return { outcome: 'skipped', reason: MEMBER_LEFT };
	throw sent.error;
}

async function deliverLowRatingTicket(row: TypedOutboxRow<'low_rating_ticket'>, testimonialId: string): Promise<DeliveryResult> {
	const view = await loadTestimonial(container.db, testimonialId);
	if (!view?.discord_user_id) return { outcome: 'skipped', reason: 'the testimonial or its member no longer exists' };
	// A private ticket nobody can be added to: staff already have the review card with the rating and feedback.
	if (await hasLeft(container.db, view.discord_user_id)) return { outcome: 'skipped', reason: MEMBER_LEFT };
	const guildId = servedGuildId();
	if (!guildId) return { outcome: 'retry', error: 'the bot serves no server yet (in none, or in several without DISCORD_GUILD_ID)' };
	const t = serverT();
	const opened = await openTicket({
		guildId,
		memberDiscordId: view.discord_user_id,
		topic: 'low_rating',
		description: t('testimonials:ticket.description', {
			rating: view.rating,
			package: view.package_name ?? '-',
			feedback: view.feedback || t('testimonials:staff.noFeedback')
		}).slice(0, 4000),
		bookingId: view.booking_id,
		origin: 'low_rating',
		nonce: nonceFor(row.id)
	});
	if (opened.ok) return { outcome: 'sent' };
	if (opened.reason === 'not_configured') return { outcome: 'skipped', reason: 'tickets are not configured (DISCORD_SUPPORT_CHANNEL_ID)' };
	// The member's ticket is being opened right now (its thread is not there yet): post the context once it is.
	if (opened.threadId === null) return { outcome: 'retry', error: 'the member’s open ticket has no thread yet' };
	return { outcome: 'sent' };
}

/** Delivers the testimonial and referral kinds of the outbox. */
export async function deliverTestimonialNotification(row: TypedOutboxRow<KindsOf<'testimonial'>>): Promise<DeliveryResult> {
	if (row.kind === 'referral_credit') return deliverReferralCredit(row);
	const testimonialId = row.payload.testimonial_id ?? null;
	if (!testimonialId) return { outcome: 'skipped', reason: `${row.kind} without a testimonial` };
	if (row.kind === 'testimonial_review') return deliverReviewCard(row, testimonialId);
	if (row.kind === 'testimonial_published') return deliverPublicPost(row, testimonialId);
	return deliverLowRatingTicket(row, testimonialId);
}
