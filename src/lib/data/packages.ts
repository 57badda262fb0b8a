import type { Env } from '../config/env.ts';
import type { Queryable } from './db.ts';

export interface Package {
	code: string;
	name: string;
	description: string;
	price_aed: string;
	duration_minutes: number;
	calendly_url: string | null;
	recommendable: boolean;
}

const linkVariables = {
	quick: 'CALENDLY_URL_QUICK',
	full: 'CALENDLY_URL_FULL',
	extreme: 'CALENDLY_URL_EXTREME',
	reoptimize: 'CALENDLY_URL_REOPTIMIZE'
} as const satisfies Record<string, keyof Env>;

/** Copies the Calendly links set in the environment onto the packages (the owner may also edit them in Studio). */
export async function applyPackageLinks(db: Queryable, env: Env): Promise<number> {
	let updated = 0;
	for (const [code, variable] of Object.entries(linkVariables)) {
		const link = env[variable];
		if (!link) continue;
		const rows = await db.query(
			'update public.packages set calendly_url = $2 where code = $1 and calendly_url is distinct from $2 returning code',
			[code, link]
		);
		updated += rows.length;
	}
	return updated;
}

export async function listActivePackages(db: Queryable): Promise<Package[]> {
	return db.query<Package & Record<string, unknown>>(
		`select code, name, description, price_aed, duration_minutes, calendly_url, recommendable
		 from public.packages where active order by sort_order, code`
	);
}

/** Packages that keep a tune rather than make one: bookable only by members with a completed session. */
export const RETURNING_ONLY_PACKAGES: ReadonlySet<string> = new Set(['reoptimize']);

/** Whether the member with this Discord id has had a session delivered. */
export async function hasCompletedSession(db: Queryable, discordUserId: string): Promise<boolean> {
	const [row] = await db.query<{ done: boolean }>(
		`select exists (select 1 from public.bookings b join public.members m on m.id = b.member_id
			where m.discord_user_id = $1 and b.status = 'completed') as done`,
		[discordUserId]
	);
	return row?.done === true;
}

/** The packages this member may book: the returning-client ones only after a completed session. */
export async function listBookablePackages(db: Queryable, discordUserId: string): Promise<Package[]> {
	const [packages, returning] = await Promise.all([listActivePackages(db), hasCompletedSession(db, discordUserId)]);
	return returning ? packages : packages.filter((pkg) => !RETURNING_ONLY_PACKAGES.has(pkg.code));
}

export async function findPackage(db: Queryable, code: string): Promise<Package | null> {
	const [pkg] = await db.query<Package & Record<string, unknown>>(
		`select code, name, description, price_aed, duration_minutes, calendly_url, recommendable
		 from public.packages where code = $1 and active`,
		[code]
	);
	return pkg ?? null;
}

/** The package a verdict points at; `good` needs none. Recommendations are named after the seeded package codes. */
export async function packageForRecommendation(db: Queryable, recommendation: 'extreme' | 'full' | 'quick' | 'good'): Promise<Package | null> {
	return recommendation === 'good' ? null : findPackage(db, recommendation);
}
