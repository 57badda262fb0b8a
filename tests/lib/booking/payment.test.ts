import { describe, expect, test } from 'vitest';
import { amountDueFils, checkPaidAmount, isPaymentMethod } from '../../../src/lib/booking/payment.ts';

describe('checkPaidAmount', () => {
	test.each([
		[399, '399.00', { ok: true, fils: 39_900 }],
		[359.1, '399.00', { ok: true, fils: 35_910 }],
		[0, '399.00', { ok: true, fils: 0 }],
		[0.1 + 0.2, '399.00', { ok: true, fils: 30 }],
		[399.01, '399.00', { ok: false, reason: 'over_price' }],
		[-1, '399.00', { ok: false, reason: 'negative' }],
		[10.005, '399.00', { ok: false, reason: 'too_precise' }],
		[Number.NaN, '399.00', { ok: false, reason: 'not_a_number' }],
		[Number.POSITIVE_INFINITY, '399.00', { ok: false, reason: 'not_a_number' }]
	])('%s AED for a price of %s -> %j', (amount, price, expected) => {
		expect(checkPaidAmount(amount, price)).toEqual(expected);
	});
});

describe('amountDueFils', () => {
	test('the price less discount and credit, never below zero', () => {
		expect(amountDueFils({ price_aed: '399.00', discount_aed: '39.90', credit_applied_aed: '0.00' })).toBe(35_910);
		expect(amountDueFils({ price_aed: '99.00', discount_aed: '0.00', credit_applied_aed: '150.00' })).toBe(0);
	});
});

test.each([
	['cash', true],
	['bank_transfer', true],
	['bitcoin', false],
	['', false]
])('%s is a payment method: %s', (value, expected) => {
	expect(isPaymentMethod(value)).toBe(expected);
});
