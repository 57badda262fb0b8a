import { fetchT } from '@sapphire/plugin-i18next';
import type { ButtonInteraction } from 'discord.js';
import { CUSTOM_ID_KINDS } from '../lib/custom-ids.ts';
import { eraseMemberData, type ErasureResult } from '../lib/data/member-data.ts';
import { ButtonHandler } from '../bot/handlers.ts';

/**
 * The confirmation of `/mydata delete`. It erases the data of whoever presses it (the ephemeral prompt is only theirs),
 * then takes their testimonial posts, staff cards and private threads down from Discord.
 */
export class MyDataDeleteButtonHandler extends ButtonHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.myDataDelete] as const;

	public override async run(interaction: ButtonInteraction) {
		await interaction.deferUpdate();
		const t = await fetchT(interaction);
		const erased = await eraseMemberData(this.container.db, interaction.user.id);
		if (!erased) return interaction.editReply({ content: t('mydata:delete.nothing'), components: [] });
		this.container.log.info('Member data erased', { user: interaction.user.id, keptBookings: erased.keptBookings });
		await this.takeDown(erased);
		return interaction.editReply({ content: t('mydata:delete.done', { count: erased.keptBookings }), components: [] });
	}

	/** Best effort: a message already gone is fine; a failure is logged, the database erasure stands. */
	private async takeDown({ testimonialMessageIds, threadIds }: ErasureResult) {
		const { config, client, log } = this.container;
		const remove = async (channelId: string | undefined, ids: string[]) => {
			if (!channelId || ids.length === 0) return;
			const channel = await client.channels.fetch(channelId).catch(() => null);
			if (!channel?.isTextBased()) return;
			for (const id of ids)
				await channel.messages
					.delete(id)
					.catch((error: unknown) => log.warn('Could not delete a message of erased data', { error, message: id }));
		};
		await remove(config.DISCORD_TESTIMONIALS_CHANNEL_ID, testimonialMessageIds.publicIds);
		await remove(config.DISCORD_STAFF_CHANNEL_ID, testimonialMessageIds.staffIds);
		for (const threadId of threadIds) {
			const thread = await client.channels.fetch(threadId).catch(() => null);
			if (thread?.isThread())
				await thread
					.delete()
					.catch((error: unknown) => log.warn('Could not delete a private thread of erased data', { error, thread: threadId }));
		}
	}
}
