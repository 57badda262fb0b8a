import { container } from '@sapphire/framework';
import type { User } from 'discord.js';
import type { Locale } from '../lib/config/env.ts';
import { memberLocale, setMemberLocale } from '../lib/data/members.ts';
import { ensureMember } from './members.ts';

/**
 * The language each member asked for (`members.locale`, set by `/language` or the welcome's language button).
 * Every interaction looks it up, so answers are kept in memory: a hit costs a Map lookup, a miss one indexed query
 * on `members.discord_user_id`. Members without a stored language are cached too (most members). A change made by
 * this process replaces the cached value at once; one made by another bot process is seen within `TTL_MS`.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
	locale: string | null;
	expires: number;
}

/**
 * The cache hangs off the client rather than this module: the bot's setup and its pieces can be two instances of
 * this module (the end-to-end tests load the setup through vitest and the pieces through tsx), and a change made
 * by `/language` must reach the lookup Sapphire runs. One client, one cache; a new client starts empty.
 */
const CACHE = Symbol.for('fpsos.member-languages');
type CacheHolder = { [CACHE]?: Map<string, Entry> };

function languages(): Map<string, Entry> {
	const holder = container.client as unknown as CacheHolder;
	return (holder[CACHE] ??= new Map());
}

/**
 * Entries are kept in the order they expire (each one is moved to the end when set), so the expired ones are at the
 * front and leave as new ones come: the cache holds the members of the last TTL_MS, not everyone ever seen.
 */
function remember(discordUserId: string, locale: string | null): void {
	const cache = languages();
	const now = Date.now();
	cache.delete(discordUserId);
	for (const [id, entry] of cache) {
		if (entry.expires > now && cache.size < MAX_ENTRIES) break;
		cache.delete(id);
	}
	cache.set(discordUserId, { locale, expires: now + TTL_MS });
}

/** The member's stored language (raw, e.g. `ar`, `en-US`), or null when they never chose or recorded one. */
export async function storedLocale(discordUserId: string): Promise<string | null> {
	const hit = languages().get(discordUserId);
	if (hit && hit.expires > Date.now()) return hit.locale;
	const locale = await memberLocale(container.db, discordUserId);
	remember(discordUserId, locale);
	return locale;
}

/** Stores the member's chosen language (creating their member row on first contact) and updates the cache. */
export async function saveLanguage(user: User, locale: Locale): Promise<void> {
	const member = await ensureMember(user);
	await setMemberLocale(container.db, member.id, locale);
	remember(user.id, locale);
}
