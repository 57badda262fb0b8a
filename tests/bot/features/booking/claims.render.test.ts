import { describe, expect, test } from 'vitest';
import { renderClaim } from '../../../../src/bot/features/booking/claims.render.ts';
import type { ClaimView } from '../../../../src/lib/data/booking-claims.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';

const CLAIM = '0b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const claim = (invitee_name: string | null): ClaimView => ({
	id: CLAIM,
	status: 'pending',
	basis: 'email',
	booking_id: '1b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
	starts_at: new Date('2026-12-10T16:00:00Z'),
	booking_status: 'scheduled',
	invitee_name,
	discord_user_id: '200000000000000001'
});

describe.each(LOCALES_UNDER_TEST)('the claim DM in %s', (locale) => {
	const t = tIn(locale);

	test("asks with the session's time and the typed name, with Yes and No for this claim", () => {
		const message = renderClaim(t, claim('Alice'));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(textOf(message)).toContain('Alice');
		expect(textOf(message)).toContain(`<t:${Date.parse('2026-12-10T16:00:00Z') / 1000}:F>`);
		expect(customIdsOf(message)).toEqual([`claim-yes|${CLAIM}`, `claim-no|${CLAIM}`]);
	});

	test('a name is free text: no markdown, no pings, cut to 80 characters', () => {
		const message = renderClaim(t, claim(`**@everyone** ${'x'.repeat(200)}`));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toContain('**@everyone**');
		expect(textOf(message)).not.toContain('x'.repeat(81));
		expect(messageBody(message).allowed_mentions).toEqual({ parse: [] });
	});

	test('without a name it says none was given', () => {
		expect(textOf(renderClaim(t, claim(null)))).toContain(t('booking:claim.noName'));
	});
});
