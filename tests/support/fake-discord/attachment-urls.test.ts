import { describe, expect, test } from 'vitest';
import { textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord: signed attachment URLs', () => {
	const discord = useFakeDiscord();

	test('attachment URLs carry ex/is/hm, serve the file for 24 h on the fake clock, then answer 404; a fresh fetch or refresh-urls signs again', async () => {
		const { fake, client } = await discord.connectClient();
		const general = textChannel(client, fake.channels.general);
		const sent = await general.send({ content: 'log', files: [{ attachment: Buffer.from('frame times'), name: 'capture.csv' }] });
		const url = sent.attachments.first()!.url;
		const query = new URL(url).searchParams;
		expect(Number.parseInt(query.get('ex')!, 16) - Number.parseInt(query.get('is')!, 16)).toBe(24 * 3600);
		expect(query.get('hm')).toMatch(/^[0-9a-f]{64}$/);
		expect(await (await fetch(url)).text()).toBe('frame times');

		const unsigned = url.split('?')[0]!;
		expect((await fetch(unsigned)).status).toBe(404);
		const forged = url.replace(/hm=[0-9a-f]+/, `hm=${'0'.repeat(64)}`);
		expect((await fetch(forged)).status).toBe(404);

		fake.clock.advance(24 * 3_600_000 + 1000);
		const expired = await fetch(url);
		expect(expired.status).toBe(404);
		expect(await expired.text()).toBe('This content is no longer available.');

		const again = await general.messages.fetch({ message: sent.id, force: true });
		expect(await (await fetch(again.attachments.first()!.url)).text()).toBe('frame times');
		const refreshed = (await client.rest.post('/attachments/refresh-urls', { body: { attachment_urls: [url] } })) as {
			refreshed_urls: { original: string; refreshed: string }[];
		};
		expect(refreshed.refreshed_urls[0]?.original).toBe(url);
		expect((await fetch(refreshed.refreshed_urls[0]!.refreshed)).status).toBe(200);
		expect((await fetch(fake.attachmentUrl(sent.attachments.first()!.id))).status).toBe(200);
	});
});
