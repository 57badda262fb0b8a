import { container } from '@sapphire/framework';
import type { BaseMessageOptions, User } from 'discord.js';
import type { TFunction } from 'i18next';
import { claimStaffCard, findingsFixed, type CaptureSource } from '../../../lib/data/captures.ts';
import type { Member } from '../../../lib/data/members.ts';
import { takeInCapture } from '../../../lib/funnel/capture-intake.ts';
import type { UploadedFile } from '../../../lib/funnel/diagnostic-intake.ts';
import { sendableChannel } from '../../channels.ts';
import { serverT } from '../../i18n.ts';
import { renderCaptureReading, renderCaptureRefusal, renderReportCard, type ReportCardView } from './render.ts';

/**
 * A frame-time capture from any channel (DM attachment, `/diagnostic upload`): read, stored as a baseline or as the
 * after run of the member's completed session, answered; the after run with its baseline gets the report card, which
 * staff also see once in the booking's thread.
 */
export async function answerCaptureUpload(
	t: TFunction,
	user: User,
	member: Member,
	file: UploadedFile,
	source: CaptureSource
): Promise<BaseMessageOptions> {
	const outcome = await takeInCapture(container.db, member.id, file, source);
	if (!outcome.ok) return renderCaptureRefusal(t, outcome.reason, outcome.seconds);
	const { stored, reading, chartMs } = outcome;
	container.log.info('Capture accepted', { member: member.id, capture: stored.id, phase: stored.phase });
	if (stored.phase === 'before') return renderCaptureReading(t, reading, 'baseline');
	if (!stored.baseline || !stored.bookingId) return renderCaptureReading(t, reading, 'noBaseline');

	const view: Omit<ReportCardView, 'rtl'> = {
		before: stored.baseline,
		after: { avg_fps: reading.avg_fps, p1_fps: reading.p1_fps, chart_ms: chartMs },
		fixed: await findingsFixed(container.db, stored.bookingId)
	};
	await postToStaff(user, stored.id, view);
	return renderReportCard(t, { ...view, rtl: t('frametimes:card.direction') === 'rtl' });
}

/** The card in the booking's thread, in the server's language, claimed first so it is posted once. */
async function postToStaff(user: User, captureId: string, view: Omit<ReportCardView, 'rtl'>): Promise<void> {
	const thread = await sendableChannel((await claimStaffCard(container.db, captureId)) ?? undefined);
	if (!thread) return;
	const t = serverT();
	const card = await renderReportCard(t, { ...view, rtl: t('frametimes:card.direction') === 'rtl' });
	await thread.send({ ...card, content: t('frametimes:report.staff', { member: user.username }), allowedMentions: { parse: [] } });
}
