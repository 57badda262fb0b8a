import { MessageFlags } from 'discord.js';
import type { FakeCore } from './core.ts';
import { dispatchChannel } from './events.ts';
import { DiscordErrors } from './http/errors.ts';
import type { ChannelRecord, MessageRecord } from './model.ts';

const DISCORD_EPOCH = 1_420_070_400_000n;

/** When a snowflake was made (ms since the Unix epoch). */
export function snowflakeTime(id: string): number {
	return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/**
 * The thread's last activity: its last message, or the last archive / unarchive / duration change
 * (`archive_timestamp`), as topics/threads.mdx defines "activity".
 */
export function lastActivity(thread: ChannelRecord): number {
	const changed = thread.thread ? Date.parse(thread.thread.archiveTimestamp) : 0;
	return Math.max(changed, thread.lastMessageId ? snowflakeTime(thread.lastMessageId) : 0);
}

/**
 * Threads archive on their own after `auto_archive_duration` minutes without activity (Discord may archive earlier in
 * a guild near its active-thread limit; not modelled). Runs whenever the fake clock advances: each idle thread gets
 * archived and THREAD_UPDATE goes out, as on Discord.
 */
export function archiveIdleThreads(core: FakeCore): void {
	const now = core.clock.now();
	for (const channel of core.state.channels.values()) {
		const meta = channel.thread;
		if (!meta || meta.archived) continue;
		if (now - lastActivity(channel) < meta.autoArchiveDuration * 60_000) continue;
		meta.archived = true;
		meta.archiveTimestamp = core.clock.iso(now);
		core.transcript.add('fake', `${core.describeChannel(channel.id)} auto-archived after ${meta.autoArchiveDuration} min without activity`);
		dispatchChannel(core, channel, 'update');
	}
}

/**
 * Editing a message in an archived thread through an interaction (UPDATE_MESSAGE callback, or an edit of the reply
 * or of the message a button was on) is a message edit like any other: 400 50083 until the thread is unarchived
 * (topics/threads.mdx: "users cannot edit messages ... in archived threads"). Ephemeral messages and the deferred
 * "thinking…" reply are not thread messages for this purpose.
 */
export function assertEditableByInteraction(core: FakeCore, message: MessageRecord, label: string): void {
	if ((message.flags & (MessageFlags.Ephemeral | MessageFlags.Loading)) !== 0) return;
	const channel = core.state.channels.get(message.channelId);
	if (!channel?.thread?.archived) return;
	throw DiscordErrors.threadArchived().asViolation(
		'interaction-state',
		`${label}: edited a message in ${core.describeChannel(channel.id)}, which is archived (400 50083); unarchive it first`
	);
}
