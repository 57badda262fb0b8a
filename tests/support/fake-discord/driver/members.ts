import type { FakeCore } from '../core.ts';
import { FakeMember } from './member.ts';
import type { MessageWaiter } from './message-waiter.ts';

export interface CreateMemberOptions {
	readonly username: string;
	readonly globalName?: string;
	/** The member refuses DMs from server members: the bot's DM gets 403 50007. */
	readonly dmsClosed?: boolean;
	/** Has not passed rules screening yet (`pending: true` until fake.passScreening()). */
	readonly pending?: boolean;
	/** Role ids, e.g. [fake.staffRoleId]. */
	readonly roles?: readonly string[];
	/** Client language, sent as the interaction `locale` (default en-US). */
	readonly locale?: string;
	/** Already in the guild when the bot logs in (no GUILD_MEMBER_ADD). Default false: call fake.join(member). */
	readonly joined?: boolean;
}

/** Creates and finds fake members. */
export class MemberDirectory {
	readonly #core: FakeCore;
	readonly #waiter: MessageWaiter;
	readonly #members = new Map<string, FakeMember>();

	constructor(core: FakeCore, waiter: MessageWaiter) {
		this.#core = core;
		this.#waiter = waiter;
	}

	async create(options: CreateMemberOptions): Promise<FakeMember> {
		const { state } = this.#core;
		if ([...state.users.values()].some((user) => user.username === options.username))
			throw new Error(`a user named ${options.username} already exists`);
		for (const roleId of options.roles ?? []) if (!state.roles.has(roleId)) throw new Error(`no role ${roleId}`);
		const user = state.addUser({ username: options.username, globalName: options.globalName ?? null, bot: false });
		state.members.set(user.id, {
			userId: user.id,
			roles: [...(options.roles ?? [])],
			joinedAt: options.joined ? state.clock.iso() : null,
			pending: options.pending ?? false,
			nick: null,
			inGuild: options.joined ?? false,
			dmsClosed: options.dmsClosed ?? false,
			locale: options.locale ?? 'en-US'
		});
		const member = new FakeMember(this.#core, user.id, this.#waiter);
		this.#members.set(user.id, member);
		const traits = [options.pending ? 'pending' : '', options.dmsClosed ? 'DMs closed' : '', options.joined ? 'in guild' : ''].filter(Boolean);
		this.#core.transcript.add('fake', `created member ${options.username} (${user.id})${traits.length > 0 ? ` [${traits.join(', ')}]` : ''}`);
		return member;
	}

	get(id: string): FakeMember | undefined {
		return this.#members.get(id);
	}

	byName(username: string): FakeMember | undefined {
		return [...this.#members.values()].find((member) => member.username === username);
	}

	all(): FakeMember[] {
		return [...this.#members.values()];
	}
}
