/**
 * The Discord permissions the bot needs, named as the developer portal names them, and where it needs each. The
 * README's invite list is exactly `INVITE_PERMISSIONS` (tests/lib/config/channel-permissions.test.ts holds them
 * together); the bot checks its effective permissions in every configured channel at start and in `fpsos doctor`.
 */
export const PERMISSION_LABELS = {
	ViewChannel: 'View Channels',
	SendMessages: 'Send Messages',
	SendMessagesInThreads: 'Send Messages in Threads',
	CreatePrivateThreads: 'Create Private Threads',
	ManageThreads: 'Manage Threads',
	EmbedLinks: 'Embed Links',
	AttachFiles: 'Attach Files',
	ReadMessageHistory: 'Read Message History'
} as const;

export type PermissionName = keyof typeof PERMISSION_LABELS;

/** What to grant when inviting the bot: the union of what every channel needs, and nothing else. */
export const INVITE_PERMISSIONS = Object.keys(PERMISSION_LABELS) as PermissionName[];

export type ChannelVariable =
	| 'DISCORD_WELCOME_CHANNEL_ID'
	| 'DISCORD_STAFF_CHANNEL_ID'
	| 'DISCORD_ALERT_CHANNEL_ID'
	| 'DISCORD_SESSIONS_CHANNEL_ID'
	| 'DISCORD_SUPPORT_CHANNEL_ID'
	| 'DISCORD_TESTIMONIALS_CHANNEL_ID'
	| 'DISCORD_CHAT_CHANNEL_IDS';

export interface ChannelNeed {
	/** What the bot does there, in plain words. */
	readonly purpose: string;
	readonly needs: readonly PermissionName[];
}

export const CHANNEL_NEEDS: Readonly<Record<ChannelVariable, ChannelNeed>> = {
	DISCORD_WELCOME_CHANNEL_ID: { purpose: 'welcomes members whose DMs are closed', needs: ['ViewChannel', 'SendMessages'] },
	DISCORD_STAFF_CHANNEL_ID: {
		purpose: 'posts booking and review cards and ticket transcripts, and updates them',
		needs: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles', 'ReadMessageHistory']
	},
	DISCORD_ALERT_CHANNEL_ID: { purpose: 'posts alerts for staff', needs: ['ViewChannel', 'SendMessages'] },
	DISCORD_SESSIONS_CHANNEL_ID: {
		purpose: 'opens a private thread for a member whose DMs are closed',
		needs: ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads', 'ManageThreads']
	},
	DISCORD_SUPPORT_CHANNEL_ID: {
		purpose: 'opens tickets as private threads, posts the ticket panel, and closes tickets with a transcript',
		needs: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'CreatePrivateThreads', 'SendMessagesInThreads', 'ManageThreads', 'ReadMessageHistory']
	},
	DISCORD_TESTIMONIALS_CHANNEL_ID: {
		purpose: 'posts approved reviews and updates them',
		needs: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory']
	},
	DISCORD_CHAT_CHANNEL_IDS: { purpose: 'answers greetings and questions', needs: ['ViewChannel', 'SendMessages', 'ReadMessageHistory'] }
};

/** The configured channels, one entry per channel id (a list variable gives one per id). */
export function configuredChannels(
	config: Partial<Record<ChannelVariable, string | readonly string[] | undefined>>
): { variable: ChannelVariable; channelId: string }[] {
	return (Object.keys(CHANNEL_NEEDS) as ChannelVariable[]).flatMap((variable) => {
		const value = config[variable];
		const ids = typeof value === 'string' ? [value] : (value ?? []);
		return ids.map((channelId) => ({ variable, channelId }));
	});
}

export type ChannelCheck =
	| { readonly variable: ChannelVariable; readonly channelId: string; readonly state: 'ok' }
	| {
			readonly variable: ChannelVariable;
			readonly channelId: string;
			readonly state: 'missing';
			readonly channelName: string;
			readonly missing: readonly PermissionName[];
	  }
	| { readonly variable: ChannelVariable; readonly channelId: string; readonly state: 'not-found' };

/** One plain sentence for a channel the bot cannot fully use, or null when it can. */
export function describeChannelCheck(check: ChannelCheck): string | null {
	const need = CHANNEL_NEEDS[check.variable];
	if (check.state === 'ok') return null;
	if (check.state === 'not-found') {
		return `${check.variable} (${check.channelId}): the bot cannot find this channel in its server; check the id, and that the bot's role can view it.`;
	}
	const labels = check.missing.map((name) => PERMISSION_LABELS[name]).join(', ');
	return `#${check.channelName} (${check.variable}): the bot lacks ${labels} there, so it cannot do its job there (it ${need.purpose}). Grant them to the bot's role in the channel's permissions (Edit Channel > Permissions).`;
}
