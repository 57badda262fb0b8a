/**
 * What the member sees after rating their session (1-10): promoters (9-10) get their referral code and a share
 * button, a low rating (6 or lower) gets an apology and a support ticket with staff alerted, the rest a thank-you.
 */
export type RatingBranch = 'promoter' | 'neutral' | 'unhappy';

export function ratingBranch(rating: number): RatingBranch {
	if (rating >= 9) return 'promoter';
	if (rating <= 6) return 'unhappy';
	return 'neutral';
}

export const isLowRating = (rating: number): boolean => ratingBranch(rating) === 'unhappy';
