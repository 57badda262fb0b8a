import { container } from '@sapphire/framework';
import type { TFunction } from 'i18next';
import { applyReferralCode } from '../../../lib/data/referrals.ts';

/** What a member is told after applying a friend's code (with `/referral use` or `/book code:`). */
export async function answerReferralUse(t: TFunction, memberId: string, typed: string): Promise<string> {
	const result = await applyReferralCode(container.db, memberId, typed);
	if (result.ok) return t('referrals:use.applied', { code: result.code });
	return t(`referrals:use.${result.reason}`, { code: typed.trim().toUpperCase().slice(0, 12) });
}
