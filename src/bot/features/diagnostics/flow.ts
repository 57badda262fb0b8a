import { container } from '@sapphire/framework';
import type { BaseMessageOptions, User } from 'discord.js';
import type { TFunction } from 'i18next';
import type { DiagnosticSource } from '../../../lib/data/diagnostics.ts';
import { findPackage, packageForRecommendation } from '../../../lib/data/packages.ts';
import { claimRecheck } from '../../../lib/data/rechecks.ts';
import { isCaptureFile } from '../../../lib/funnel/capture-intake.ts';
import { takeInDiagnostic, type UploadedFile } from '../../../lib/funnel/diagnostic-intake.ts';
import { ensureMember } from '../../members.ts';
import { renderDiagnosticResult, renderRefusal } from './render.ts';
import { renderRecheckResult } from '../follow-ups/render.ts';
import { answerCaptureUpload } from '../captures/flow.ts';

/**
 * A file from any channel (DM attachment, `/diagnostic upload`): a frame-time capture (CSV) goes to the capture flow;
 * anything else is taken for a diagnostic: analysed, stored, answered. The first diagnostic after the three-month
 * check's ask answers it instead: what slipped since the session, and the re-optimisation only then.
 */
export async function answerDiagnosticUpload(
	t: TFunction,
	user: User,
	file: UploadedFile,
	source: DiagnosticSource,
	locale?: string | null
): Promise<BaseMessageOptions> {
	const member = await ensureMember(user, locale);
	if (isCaptureFile(file.name)) return answerCaptureUpload(t, user, member, file, source === 'dm_attachment' ? 'dm_attachment' : 'slash_upload');
	const outcome = await takeInDiagnostic(container.db, member.id, file, source);
	if (!outcome.ok) return renderRefusal(t, outcome.reason);
	container.log.info('Diagnostic accepted', { member: member.id, diagnostic: outcome.diagnosticId, recommendation: outcome.result.recommendation });
	const recheck = await claimRecheck(container.db, member.id, outcome.diagnosticId);
	if (recheck) return renderRecheckResult(t, recheck, recheck.slipped.length > 0 ? await findPackage(container.db, 'reoptimize') : null);
	const pkg = await packageForRecommendation(container.db, outcome.result.recommendation);
	return renderDiagnosticResult(t, outcome.result, pkg);
}
