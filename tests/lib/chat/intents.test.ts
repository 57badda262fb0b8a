import { describe, expect, test } from 'vitest';
import { detectIntent, MAX_CHAT_LENGTH } from '../../../src/lib/chat/intents.ts';

describe('detectIntent', () => {
	test.each([
		['hi', 'greeting'],
		['Hello!!', 'greeting'],
		['salam', 'greeting'],
		['Assalamu alaikum', 'greeting'],
		['مرحبا', 'greeting'],
		['مرحباً يا شباب', 'greeting'],
		['السلام عليكم', 'greeting'],
		["what's the price?", 'pricing'],
		['how much for the full tune up', 'pricing'],
		['بكم الباقة؟', 'pricing'],
		['I want to book', 'booking'],
		['ابي احجز موعد', 'booking'],
		['my game keeps stuttering', 'performance'],
		['FPS drop every round', 'performance'],
		['so much lag', 'performance'],
		['عندي تقطيع في اللعبة', 'performance'],
		['hi, how much is it?', 'pricing'],
		['hey I have fps drops, can I book?', 'performance'],
		['how do I run the diagnostic', 'diagnostic']
	])('"%s" is %s', (text, intent) => {
		expect(detectIntent(text)).toBe(intent);
	});

	test.each([['this is fine'], ['ship it'], ['good game everyone'], [''], ['   '], ['🙂']])('"%s" is nothing the bot answers', (text) => {
		expect(detectIntent(text)).toBeNull();
	});

	test('long messages are conversations, not questions for the bot', () => {
		expect(detectIntent(`hi ${'x'.repeat(MAX_CHAT_LENGTH)}`)).toBeNull();
	});
});
