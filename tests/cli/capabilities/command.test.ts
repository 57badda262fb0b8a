import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import type { Capabilities } from '../../../src/cli/capabilities/inventory.ts';
import { readmeTable } from '../../../src/cli/capabilities/render.ts';
import { projectRoot } from '../../../src/lib/paths.ts';
import { runFpsos } from '../../support/cli.ts';

// Each test starts the real `fpsos` in a child process (Node + tsx): seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 90_000 });

/** The piece files Sapphire would load from a folder (helpers start with `_`). */
async function pieceFiles(folder: string): Promise<string[]> {
	const entries = await readdir(join(projectRoot, folder), { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.startsWith('_') && !entry.name.endsWith('.d.ts'))
		.map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)).split('\\').join('/'))
		.sort();
}

describe('fpsos capabilities', () => {
	let capabilities: Capabilities;
	let markdown: string;
	let text: string;

	beforeAll(async () => {
		const [json, md, plain] = await Promise.all([
			runFpsos(['capabilities', '--json'], {}, { timeoutMs: 150_000 }),
			runFpsos(['capabilities', '--markdown'], {}, { timeoutMs: 150_000 }),
			runFpsos(['capabilities'], {}, { timeoutMs: 150_000 })
		]);
		for (const result of [json, md, plain]) expect(result.code, result.stderr).toBe(0);
		capabilities = JSON.parse(json.stdout) as Capabilities;
		markdown = md.stdout.trim();
		text = plain.stdout;
	}, 180_000);

	test("the README's command table is the one generated from the code (run `npm run docs:commands` after changing a command)", async () => {
		const readme = await readFile(join(projectRoot, 'README.md'), 'utf8');
		expect(readmeTable(readme), 'README.md has no generated command table between its markers').not.toBeNull();
		expect(readmeTable(readme)).toBe(markdown);
	});

	test.each([
		['commands', 'src/commands'],
		['listeners', 'src/listeners'],
		['interactionHandlers', 'src/interaction-handlers'],
		['scheduledTasks', 'src/scheduled-tasks'],
		['preconditions', 'src/preconditions']
	] as const)('every piece file in %s is loaded from the stores (%s)', async (kind, folder) => {
		const listed = capabilities[kind].map((piece) => piece.file).sort();
		expect(listed).toEqual(await pieceFiles(folder));
	});

	test('commands carry their options, Discord defaults and server-side guards', () => {
		const session = capabilities.commands.find((command) => command.name === 'session');
		expect(session).toMatchObject({
			staffOnly: true,
			preconditions: ['StaffOnly'],
			slash: { defaultMemberPermissions: ['ManageThreads'], contexts: ['Guild'] }
		});
		expect(session?.slash?.subcommands.map((sub) => sub.name)).toEqual(['complete', 'no-show']);
		expect(session?.slash?.subcommands[0]?.options).toEqual([expect.objectContaining({ name: 'member', type: 'user', required: true })]);
		const fpsos = capabilities.commands.find((command) => command.name === 'fpsos');
		expect(fpsos).toMatchObject({ staffOnly: false, prefix: ['!fpsos'], slash: { defaultMemberPermissions: null } });
		const credits = capabilities.commands.find((command) => command.name === 'credits');
		expect(credits).toMatchObject({ staffOnly: false, staffSubcommands: ['redeem'], preconditions: ['StaffSubcommands'] });
	});

	test('listeners, handlers (with the custom-id kinds they take) and tasks are described', () => {
		expect(capabilities.listeners).toContainEqual(expect.objectContaining({ event: 'guildMemberAdd', emitter: 'client', once: false }));
		expect(capabilities.interactionHandlers).toContainEqual(
			expect.objectContaining({ name: 'package-buttons', type: 'button', customIdKinds: ['book', 'packages-book', 'welcome-packages'] })
		);
		expect(capabilities.interactionHandlers.every((handler) => handler.customIdKinds.length > 0)).toBe(true);
		expect(capabilities.scheduledTasks).toContainEqual(expect.objectContaining({ name: 'reconcile-notifications', intervalMs: 60_000 }));
		expect(capabilities.scheduledTasks).toContainEqual(expect.objectContaining({ name: 'scrub-webhook-bodies', intervalMs: 3_600_000 }));
		expect(capabilities.interactionHandlers).toContainEqual(
			expect.objectContaining({ name: 'claim-buttons', type: 'button', customIdKinds: ['claim-no', 'claim-yes'] })
		);
	});

	test('the plain listing names every section', () => {
		for (const heading of ['Commands (', 'Listeners (', 'Button and modal handlers (', 'Scheduled tasks (', 'Preconditions ('])
			expect(text).toContain(heading);
		expect(text).toContain('/session  [staff; shown to Manage Threads; server only, preconditions StaffOnly]');
		expect(text).toMatch(
			/\/credits {2}\[everyone[^\]]*preconditions StaffSubcommands\][^\n]*\n {4}show \[member:\]\n {4}redeem member: amount: reason: {2}\[staff\]/
		);
	});
});
