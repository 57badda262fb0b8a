/**
 * What the booking form's answers can tell us: who the member is on Discord (a question whose text contains
 * "discord") and which referral code they bring (a question whose text contains "referral").
 */
export interface QuestionAnswer {
	question?: string | null | undefined;
	answer?: string | null | undefined;
}

export type DiscordAnswer = { discordUserId: string } | { username: string };

const mention = /<@!?(\d{17,20})>/;
const snowflake = /(?:^|\D)(\d{17,20})(?:\D|$)/;
const username = /^[^\s<>@#:`]{2,32}$/;
const referralCode = /^[A-HJ-NP-Z2-9]{4,12}$/;

/** A Discord user id (bare, or in a `<@id>` / `<@!id>` mention), else a username (`@name`, legacy `name#1234`). */
export function parseDiscordAnswer(answer: string): DiscordAnswer | null {
	const text = answer.trim();
	const id = mention.exec(text)?.[1] ?? snowflake.exec(text)?.[1];
	if (id) return { discordUserId: id };
	const name = text.replace(/^@/, '').replace(/#\d{4}$/, '');
	return username.test(name) ? { username: name } : null;
}

/** A referral code as members type it (any case, spaces or dashes around groups); null when it cannot be one. */
export function parseReferralAnswer(answer: string): string | null {
	const code = answer.replace(/[\s-]/g, '').toUpperCase();
	return referralCode.test(code) ? code : null;
}

function answersTo(answers: readonly QuestionAnswer[], topic: string): string[] {
	return answers.filter((entry) => entry.question?.toLowerCase().includes(topic) && entry.answer?.trim()).map((entry) => entry.answer!);
}

export function discordFromAnswers(answers: readonly QuestionAnswer[]): DiscordAnswer | null {
	for (const answer of answersTo(answers, 'discord')) {
		const parsed = parseDiscordAnswer(answer);
		if (parsed) return parsed;
	}
	return null;
}

export function referralFromAnswers(answers: readonly QuestionAnswer[]): string | null {
	for (const answer of answersTo(answers, 'referral')) {
		const parsed = parseReferralAnswer(answer);
		if (parsed) return parsed;
	}
	return null;
}
