/**
 * What a member's chat message is about, in English or Arabic (also Arabizi such as "salam"). Specific intents win
 * over greetings: "hi, how much is it?" is about price. Matching is on whole words and phrases, never substrings,
 * so "this" is not "hi" and "booking" is not "book"... unless listed.
 */
export const INTENTS = ['performance', 'booking', 'pricing', 'diagnostic', 'greeting'] as const;
export type Intent = (typeof INTENTS)[number];

const vocabulary: Record<Intent, readonly string[]> = {
	performance: [
		'lag',
		'lags',
		'lagging',
		'laggy',
		'stutter',
		'stutters',
		'stuttering',
		'fps drop',
		'fps drops',
		'frame drops',
		'low fps',
		'freeze',
		'freezes',
		'freezing',
		'input lag',
		'delay',
		'spikes',
		'لاق',
		'تقطيع',
		'تقطع',
		'تهنيج',
		'يهنج',
		'بطء',
		'فريمات'
	],
	booking: ['book', 'booking', 'appointment', 'schedule', 'reserve', 'session', 'حجز', 'احجز', 'موعد'],
	pricing: [
		'price',
		'prices',
		'pricing',
		'cost',
		'how much',
		'packages',
		'package',
		'aed',
		'سعر',
		'الاسعار',
		'الأسعار',
		'كم السعر',
		'بكم',
		'باقة',
		'الباقات'
	],
	diagnostic: ['diagnostic', 'diagnose', 'scan', 'check my pc', 'فحص'],
	greeting: [
		'hi',
		'hello',
		'hey',
		'heya',
		'yo',
		'sup',
		'good morning',
		'good evening',
		'salam',
		'salaam',
		'salam alaikum',
		'assalamualaikum',
		'assalamu alaikum',
		'marhaba',
		'ahlan',
		'hala',
		'مرحبا',
		'مرحباً',
		'السلام عليكم',
		'سلام',
		'هلا',
		'اهلا',
		'أهلا',
		'هاي'
	]
};

/** Lower-cases, folds Arabic letter variants and removes diacritics, tatweel and punctuation. */
export function normaliseChat(text: string): string {
	return text
		.toLowerCase()
		.normalize('NFKC')
		.replace(/[\u064B-\u065F\u0670\u0640]/g, '')
		.replace(/[أإآ]/g, 'ا')
		.replace(/ى/g, 'ي')
		.replace(/ة/g, 'ه')
		.replace(/[^\p{L}\p{N}\s]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

const phrases = new Map<Intent, string[]>(INTENTS.map((intent) => [intent, vocabulary[intent].map(normaliseChat)]));

/** Messages longer than this are conversations, not greetings or quick questions: the bot stays out of them. */
export const MAX_CHAT_LENGTH = 300;

export function detectIntent(text: string): Intent | null {
	if (text.length > MAX_CHAT_LENGTH) return null;
	const padded = ` ${normaliseChat(text)} `;
	if (padded.trim() === '') return null;
	for (const intent of INTENTS) {
		if (phrases.get(intent)!.some((phrase) => padded.includes(` ${phrase} `))) return intent;
	}
	return null;
}
