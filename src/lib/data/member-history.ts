import type { DmStatus } from './members.ts';
import type { Queryable } from './db.ts';
import type { BookingStatus, PaymentStatus } from './staff-tools.ts';

/** Everything staff see in `/member info`: the latest few of each kind, with totals, read by member id indexes. */
export interface MemberHistory {
	member: {
		id: string;
		username: string | null;
		display_name: string | null;
		joined_at: Date | null;
		left_at: Date | null;
		dm_status: DmStatus;
		created_at: Date;
	};
	diagnostics: { total: number; latest: { created_at: Date; recommendation: string; critical_count: number; warning_count: number }[] };
	quickAssessments: { total: number; latest: { created_at: Date; recommendation: string; gpu: string; current_fps: number }[] };
	bookings: {
		total: number;
		latest: {
			id: string;
			status: BookingStatus;
			starts_at: Date;
			package_name: string | null;
			price_aed: string;
			payment_status: PaymentStatus;
			paid_aed: string | null;
			payment_method: string | null;
		}[];
	};
	tickets: { total: number; open: number; latest: { number: number; topic: string; status: string; created_at: Date }[] };
	reviews: { total: number; averageRating: number | null };
	credit: { balanceAed: string; latest: { entry_type: string; amount_aed: string; reason: string; created_at: Date }[] };
}

export const HISTORY_LIMIT = 5;

export async function loadMemberHistory(db: Queryable, discordUserId: string): Promise<MemberHistory | null> {
	const [member] = await db.query<MemberHistory['member'] & Record<string, unknown>>(
		`select id, username, display_name, joined_at, left_at, dm_status, created_at from public.members where discord_user_id = $1`,
		[discordUserId]
	);
	if (!member) return null;
	const id = member.id;
	const [diagnostics, diagnosticCount, quick, quickCount, bookings, bookingCount, tickets, ticketCount, reviews, credit, creditEntries] =
		await Promise.all([
			db.query<MemberHistory['diagnostics']['latest'][number] & Record<string, unknown>>(
				`select created_at, recommendation, critical_count, warning_count from public.diagnostics where member_id = $1 order by created_at desc limit $2`,
				[id, HISTORY_LIMIT]
			),
			db.query<{ n: number }>(`select count(*) as n from public.diagnostics where member_id = $1`, [id]),
			db.query<MemberHistory['quickAssessments']['latest'][number] & Record<string, unknown>>(
				`select created_at, recommendation, gpu, current_fps from public.quick_assessments where member_id = $1 order by created_at desc limit $2`,
				[id, HISTORY_LIMIT]
			),
			db.query<{ n: number }>(`select count(*) as n from public.quick_assessments where member_id = $1`, [id]),
			db.query<MemberHistory['bookings']['latest'][number] & Record<string, unknown>>(
				`select b.id, b.status, b.starts_at, p.name as package_name, b.price_aed, b.payment_status, b.paid_aed, b.payment_method
			 from public.bookings b left join public.packages p on p.code = b.package_code
			 where b.member_id = $1 order by b.starts_at desc limit $2`,
				[id, HISTORY_LIMIT]
			),
			db.query<{ n: number }>(`select count(*) as n from public.bookings where member_id = $1`, [id]),
			db.query<MemberHistory['tickets']['latest'][number] & Record<string, unknown>>(
				`select number, topic, status, created_at from public.support_tickets where member_id = $1 order by created_at desc limit $2`,
				[id, HISTORY_LIMIT]
			),
			db.query<{ n: number; open: number }>(
				`select count(*) as n, count(*) filter (where status = 'open') as open from public.support_tickets where member_id = $1`,
				[id]
			),
			db.query<{ n: number; average: string | null }>(
				`select count(*) as n, avg(rating)::text as average from public.testimonials where member_id = $1`,
				[id]
			),
			db.query<{ balance: string }>(
				`select coalesce(sum(amount_aed), 0)::numeric(12, 2)::text as balance from public.credit_ledger where member_id = $1`,
				[id]
			),
			db.query<MemberHistory['credit']['latest'][number] & Record<string, unknown>>(
				`select entry_type, amount_aed, reason, created_at from public.credit_ledger where member_id = $1 order by created_at desc, id desc limit $2`,
				[id, HISTORY_LIMIT]
			)
		]);
	const averageText = reviews[0]?.average ?? null;
	return {
		member,
		diagnostics: { total: Number(diagnosticCount[0]?.n ?? 0), latest: diagnostics },
		quickAssessments: { total: Number(quickCount[0]?.n ?? 0), latest: quick },
		bookings: { total: Number(bookingCount[0]?.n ?? 0), latest: bookings },
		tickets: { total: Number(ticketCount[0]?.n ?? 0), open: Number(ticketCount[0]?.open ?? 0), latest: tickets },
		reviews: { total: Number(reviews[0]?.n ?? 0), averageRating: averageText === null ? null : Number(averageText) },
		credit: { balanceAed: credit[0]?.balance ?? '0.00', latest: creditEntries }
	};
}
