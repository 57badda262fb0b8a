/**
 * Calendly delivery -> confirmation DM latency, on the local fake Discord with the production bot.
 *  - wake-up: signed deliveries POSTed to the bot's /webhooks/calendly (the shared handler writes and NOTIFYs);
 *  - sweep only: deliveries written straight to the database with no wake-up at all, so only the periodic sweep
 *    finds them.
 * Uses DATABASE_URL (a scratch database) when set, else the embedded PGlite. Prints p50/p99 per mode and, last, one
 * JSON line. Targets: p99 < 1 s with the wake-up, < 30 s from the sweep alone.
 */
import { register } from 'tsx/esm/api';
import { storeCalendlyDelivery } from '../supabase/functions/_shared/calendly/store.ts';
import { buildCalendlyDelivery } from '../supabase/functions/_shared/calendly/payload.ts';
import { deliveryBytes, inviteeCreated, signedDelivery } from '../supabase/functions/_shared/fixtures/deliveries.ts';
import { startBot } from '../src/bot/start.ts';
import { parseEnv } from '../src/lib/config/env.ts';
import { createBookingLink } from '../src/lib/data/booking-links.ts';
import { upsertMember } from '../src/lib/data/members.ts';
import { createScratchDatabase } from '../tests/support/databases.ts';
import { FakeDiscord, type FakeMember } from '../tests/support/fake-discord/index.ts';

register();

const signingKey = 'bench-signing-key-0123456789abcdef';
const perMode = Number(process.env.BENCH_DELIVERIES ?? 40);
const sweepSamples = Number(process.env.BENCH_SWEEP_DELIVERIES ?? 5);

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const fake = await FakeDiscord.start();
const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
const parsed = parseEnv({
	DISCORD_TOKEN: fake.bot.token,
	DISCORD_API_URL: fake.apiBase,
	DISCORD_GUILD_ID: fake.guildId,
	CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
	FPSOS_DATA_DIR: 'memory://',
	HTTP_PORT: '0',
	FPSOS_LOG_LEVEL: 'silent',
	...(scratch ? { DATABASE_URL: scratch.url } : {})
});
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const bot = await startBot(parsed.env);
await fake.waitForBotReady();

/** A member with a fresh personal link (only the link's token proves a booking is theirs); returns its token. */
async function member(name: string): Promise<{ target: FakeMember; token: string }> {
	const created = await fake.members.create({ username: name, joined: true });
	const { id } = await upsertMember(bot.db, { discordUserId: created.user.id, username: name });
	return { target: created, token: await createBookingLink(bot.db, id, 'full') };
}

function deliveryFor(token: string) {
	return inviteeCreated({ token, startsAt: new Date(Date.now() + 3 * 24 * 3_600_000) });
}

async function measure(mode: 'wake-up' | 'sweep', count: number): Promise<number[]> {
	const latencies: number[] = [];
	for (let index = 0; index < count; index += 1) {
		const { target, token } = await member(`${mode}-${index}`);
		const delivery = deliveryFor(token);
		let started = performance.now();
		if (mode === 'wake-up') {
			const { rawBody, signatureHeader } = await signedDelivery(delivery, signingKey);
			const response = await fetch(`${bot.http.url}/webhooks/calendly`, {
				method: 'POST',
				body: rawBody,
				headers: { 'calendly-webhook-signature': signatureHeader }
			});
			if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
		} else {
			// Only once the executor is idle (no run in progress to stumble on the rows): the sweep alone finds them.
			await bot.outbox.idle();
			await new Promise((resolve) => setTimeout(resolve, 200));
			await bot.outbox.idle();
			started = performance.now();
			const rawBody = deliveryBytes(delivery);
			await storeCalendlyDelivery(bot.db, await buildCalendlyDelivery(delivery, rawBody, new Date()), new TextDecoder().decode(rawBody));
		}
		await target.nextDm({ timeoutMs: 60_000, predicate: (message) => message.text.includes("You're booked") });
		latencies.push(performance.now() - started);
	}
	return latencies;
}

const wake = await measure('wake-up', perMode);
const sweep = await measure('sweep', sweepSamples);
await bot.stop();
await fake.stop();
await scratch?.drop();

const summary = (values: number[]) => ({
	samples: values.length,
	p50_ms: Math.round(percentile(values, 50)),
	p99_ms: Math.round(percentile(values, 99)),
	max_ms: Math.round(Math.max(...values))
});
const result = {
	bench: 'confirmation-latency',
	database: scratch ? 'postgres' : 'pglite',
	wake_up: summary(wake),
	sweep_only: summary(sweep),
	targets: { wake_up_p99_ms: 1000, sweep_only_p99_ms: 30_000 }
};
console.log(`delivery -> DM with the wake-up: p50 ${result.wake_up.p50_ms} ms, p99 ${result.wake_up.p99_ms} ms (${wake.length} deliveries)`);
console.log(
	`delivery -> DM from the sweep alone: p50 ${result.sweep_only.p50_ms} ms, p99 ${result.sweep_only.p99_ms} ms (${sweep.length} deliveries)`
);
console.log(JSON.stringify(result));
