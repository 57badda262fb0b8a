import { describe, expect, test } from 'vitest';
import { durationParts, formatTranscript, summarizeTicket, type TranscriptMessage } from '../../../src/lib/tickets/transcript.ts';

const memberId = '400000000000000001';
const staffA = '400000000000000002';
const staffB = '400000000000000003';
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));
const message = (author: string, minute: number, content: string, extra: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
	author_discord_id: author,
	author_name: author === memberId ? 'pam' : author === staffA ? 'coach' : 'lead',
	author_is_staff: author !== memberId,
	content,
	attachments: [],
	created_at: at(minute),
	...extra
});
const labels = { header: ['Ticket #7', 'Topic: Payment'], staffTag: '(staff)', empty: '(no messages)', fileSize: (bytes: number) => `${bytes} B` };

describe('ticket transcripts', () => {
	test('one line per message with time, author and staff tag; continuation lines indented; files listed by name and size, never by link', () => {
		const text = formatTranscript(
			[
				message(memberId, 0, 'Hello\nAnyone?', { attachments: [{ name: 'log.txt', size: 2048 }] }),
				message(staffA, 5, 'Hi, coach here.'),
				message(memberId, 6, '', { author_name: null, attachments: [{ name: 'shot.png' }] })
			],
			labels
		);
		expect(text).toBe(
			[
				'Ticket #7',
				'Topic: Payment',
				'',
				'[2026-03-01 10:00 UTC] pam: Hello',
				'    Anyone?',
				'    + log.txt (2048 B)',
				'[2026-03-01 10:05 UTC] coach (staff): Hi, coach here.',
				`[2026-03-01 10:06 UTC] ${memberId}:`,
				'    + shot.png',
				''
			].join('\n')
		);
	});

	test('an empty ticket says so', () => {
		expect(formatTranscript([], labels)).toBe('Ticket #7\nTopic: Payment\n\n(no messages)\n');
	});

	test('the summary counts who wrote, which staff helped (in order), and how long it was open', () => {
		const messages = [
			message(memberId, 0, 'a'),
			message(staffB, 1, 'b'),
			message(staffA, 2, 'c'),
			message(staffB, 3, 'd'),
			message(memberId, 4, 'e')
		];
		expect(summarizeTicket(at(0), new Date(at(0).getTime() + 125 * 60_000), memberId, messages)).toEqual({
			messages: 5,
			fromMember: 2,
			fromStaff: 3,
			staffIds: [staffB, staffA],
			openMinutes: 125
		});
		expect(summarizeTicket(at(0), at(0), memberId, []).openMinutes).toBe(1);
	});

	test.each([
		[1, { days: 0, hours: 0, minutes: 1 }],
		[125, { days: 0, hours: 2, minutes: 5 }],
		[1440 * 3 + 61, { days: 3, hours: 1, minutes: 1 }]
	])('%i minutes is %j', (minutes, parts) => {
		expect(durationParts(minutes)).toEqual(parts);
	});
});
