import { readFile } from 'node:fs/promises';
import { diagnosticScript } from '../../../lib/paths.ts';

let script: Promise<Buffer> | undefined;

/** The PowerShell tool shipped in tools/, read once. */
export function diagnosticScriptBytes(): Promise<Buffer> {
	script ??= readFile(diagnosticScript);
	return script;
}
