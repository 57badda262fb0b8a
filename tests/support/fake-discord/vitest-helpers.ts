import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Client } from 'discord.js';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';
import { connectTestClient } from './test-client.ts';
import { formatViolations } from './violations.ts';

export interface UseFakeDiscordOptions extends FakeDiscordOptions {
	/** 'each' (default): a fresh fake per test. 'all': one fake per file; violations and transcript reset per test. */
	readonly scope?: 'each' | 'all';
	/** Print the transcript when a test fails (default true). */
	readonly printTranscriptOnFailure?: boolean;
}

export interface FakeDiscordContext {
	/** The running fake (only inside tests and hooks). */
	readonly fake: FakeDiscord;
	/** The fake and a plain discord.js client logged into it, playing the bot (`connectTestClient`, same arguments). */
	connectClient(...args: ConnectArgs): Promise<{ fake: FakeDiscord; client: Client }>;
}

type ConnectArgs = Parameters<typeof connectTestClient> extends [FakeDiscord, ...infer Rest] ? Rest : never;

/**
 * Starts a fake Discord for the tests of the current file/suite, fails any test during which the bot broke a Discord
 * rule (listing every violation, then clearing them), and prints the transcript of a failed test.
 *
 * Register hooks that destroy your discord.js client after calling this (or use `fake.addCleanup`) so the client
 * goes first.
 */
export function useFakeDiscord(options: UseFakeDiscordOptions = {}): FakeDiscordContext {
	const { scope = 'each', printTranscriptOnFailure = true, ...fakeOptions } = options;
	let current: FakeDiscord | null = null;
	const start = async (): Promise<void> => {
		current = await FakeDiscord.start(fakeOptions);
	};
	const stop = async (): Promise<void> => {
		const fake = current;
		current = null;
		await fake?.stop();
	};

	if (scope === 'all') {
		beforeAll(start);
		afterAll(stop);
	} else {
		beforeEach(start);
	}

	beforeEach((context) => {
		const fake = current;
		if (!fake) return;
		if (scope === 'all') {
			fake.clearViolations();
			fake.clearTranscript();
		}
		if (printTranscriptOnFailure) {
			context.onTestFailed(() => {
				console.error(`\n[${context.task.name}]\n${fake.transcript()}\n`);
			});
		}
	});

	afterEach(async () => {
		const fake = current;
		try {
			const violations = fake?.violations ?? [];
			if (fake && violations.length > 0) {
				fake.clearViolations();
				throw new Error(formatViolations(violations));
			}
		} finally {
			if (scope === 'each') await stop();
		}
	});

	return {
		get fake(): FakeDiscord {
			if (!current) throw new Error('useFakeDiscord(): the fake only exists inside tests and hooks');
			return current;
		},
		async connectClient(...args) {
			const fake = this.fake;
			return { fake, client: await connectTestClient(fake, ...args) };
		}
	};
}
