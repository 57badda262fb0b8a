import type { BotReply, FakeMember, InteractionHandle, MessageView } from '../../tests/support/fake-discord/index.ts';

/**
 * The benches' members at work: each flow is what a member does in one sitting (a command, then a button or a form
 * on what the bot answered). Every interaction goes through the bench's `act`, which counts it against its budget
 * and returns the bot's reply, or null once the budget is spent (the flow then stops where it is).
 */
export type Act = (label: string, start: () => Promise<InteractionHandle>) => Promise<BotReply | null>;
export type Flow = (member: FakeMember) => Promise<void>;

/** The message a reply shows (a new one or the clicked one updated); null for a modal, a deferral or no reply. */
export const messageOf = (reply: BotReply | null): MessageView | null =>
	reply && (reply.kind === 'message' || reply.kind === 'update') ? reply.message : null;

const quickAnswers = { gpu: 'RTX 3070', fps: '90', refresh: '144', problems: 'stutter when smokes pop' };

/** The flows through the member-facing commands: catalog, welcome, diagnostic and booking. */
export function memberFlows(act: Act) {
	async function quickAssessment(member: FakeMember, intro: MessageView | null): Promise<void> {
		if (!intro) return;
		const opened = await act('button diagnostic-quick (modal)', () => member.click(intro, 'diagnostic-quick'));
		if (opened?.kind === 'modal') await act('modal quick-modal submit', () => member.submitModal(opened.modal, quickAnswers));
	}
	return {
		ping: async (member: FakeMember) => void (await act('/ping', () => member.slash('ping'))),
		packagesFind: async (member: FakeMember) => {
			const catalog = messageOf(await act('/packages', () => member.slash('packages')));
			if (catalog) await act('button packages-find', () => member.click(catalog, 'packages-find'));
		},
		packagesBook: async (member: FakeMember) => {
			const catalog = messageOf(await act('/packages', () => member.slash('packages')));
			const choices = catalog && messageOf(await act('button packages-book', () => member.click(catalog, 'packages-book')));
			if (choices) await act('button book', () => member.click(choices, 'book|full'));
		},
		welcomePackages: async (member: FakeMember) => {
			const welcome = messageOf(await act('/fpsos', () => member.slash('fpsos')));
			if (welcome) await act('button welcome-packages', () => member.click(welcome, 'welcome-packages'));
		},
		welcomeDiagnostic: async (member: FakeMember) => {
			const welcome = messageOf(await act('/fpsos', () => member.slash('fpsos')));
			if (welcome)
				await quickAssessment(member, messageOf(await act('button welcome-diagnostic', () => member.click(welcome, 'welcome-diagnostic'))));
		},
		diagnostic: async (member: FakeMember) =>
			quickAssessment(member, messageOf(await act('/diagnostic start', () => member.slash('diagnostic', { subcommand: 'start' })))),
		book: async (member: FakeMember) => {
			const choices = messageOf(await act('/book', () => member.slash('book')));
			if (choices) await act('button book', () => member.click(choices, 'book|quick'));
		}
	} satisfies Record<string, Flow>;
}

/**
 * Draws one of `flows` at random, each as often as its weight in `weights` says (relative to the others); a flow
 * left out of `weights` is never drawn.
 */
export function weightedPicker<Name extends string>(flows: Record<Name, Flow>, weights: Partial<Record<Name, number>>): () => Flow {
	const table = Object.entries<number | undefined>(weights).map(([name, weight]) => [weight ?? 0, flows[name as Name]] as const);
	const total = table.reduce((sum, [weight]) => sum + weight, 0);
	return () => {
		let roll = Math.random() * total;
		for (const [weight, run] of table) if ((roll -= weight) < 0) return run;
		return table[0]![1];
	};
}
