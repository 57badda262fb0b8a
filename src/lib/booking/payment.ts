/**
 * Recording a payment by hand (Calendly cannot charge in AED): how staff say it was paid, and whether the amount
 * they typed can be right.
 */
export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'card', 'paypal', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export function isPaymentMethod(value: unknown): value is PaymentMethod {
	return (PAYMENT_METHODS as readonly unknown[]).includes(value);
}

export type AmountCheck = { ok: true; fils: number } | { ok: false; reason: 'not_a_number' | 'negative' | 'too_precise' | 'over_price' };

/** Fils (AED / 100) of a numeric(10,2) text or a number, rounded to the nearest fils. */
export function toFils(amount: string | number): number {
	return Math.round(Number(amount) * 100);
}

export function filsToAed(fils: number): string {
	return (fils / 100).toFixed(2);
}

/**
 * An amount in AED is acceptable when it is a finite number with at most two decimals, at least 0 and at most the
 * booking's price (a larger figure is a typing mistake: the price is the most anyone pays for a session).
 */
export function checkPaidAmount(amount: number, priceAed: string | number): AmountCheck {
	if (!Number.isFinite(amount)) return { ok: false, reason: 'not_a_number' };
	if (amount < 0) return { ok: false, reason: 'negative' };
	const fils = Math.round(amount * 100);
	if (Math.abs(fils - amount * 100) > 1e-6) return { ok: false, reason: 'too_precise' };
	if (fils > toFils(priceAed)) return { ok: false, reason: 'over_price' };
	return { ok: true, fils };
}

/** What the member owes: the price less the referral discount and the credit applied. */
export function amountDueFils(booking: { price_aed: string; discount_aed: string; credit_applied_aed: string }): number {
	return Math.max(0, toFils(booking.price_aed) - toFils(booking.discount_aed) - toFils(booking.credit_applied_aed));
}
