import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../lib/paths.ts';
import { consoleIo, type Io } from '../output.ts';
import { loadCapabilities } from './inventory.ts';
import { capabilitiesText, commandTable, readmeTable, withTable } from './render.ts';

export interface CapabilitiesOptions {
	json?: boolean;
	markdown?: boolean;
	/** Rewrite the command table between the README's markers. */
	updateReadme?: boolean;
}

export const readmePath = join(projectRoot, 'README.md');

/** `fpsos capabilities [--json | --markdown | --update-readme]`: what the bot loads, from Sapphire's stores. */
export async function runCapabilities(options: CapabilitiesOptions, io: Io = consoleIo): Promise<number> {
	const capabilities = await loadCapabilities();
	if (options.json) {
		io.out(JSON.stringify(capabilities, null, 2));
		return 0;
	}
	const table = commandTable(capabilities);
	if (options.markdown) {
		io.out(table);
		return 0;
	}
	if (options.updateReadme) {
		const readme = await readFile(readmePath, 'utf8');
		if (readmeTable(readme) === table) {
			io.out('README.md: the command table is up to date.');
			return 0;
		}
		await writeFile(readmePath, withTable(readme, table));
		io.out('README.md: command table regenerated.');
		return 0;
	}
	for (const line of capabilitiesText(capabilities)) io.out(line);
	return 0;
}
