import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';

/**
 * The Calendly core and the Edge Function are linted by the project's eslint (`npm run lint`), with rules for code Deno
 * also runs (eslint.config.js): only relative imports with their extension and the Edge Function's import map, no
 * Node-only globals, and no `Deno` in the code the bot shares. Linted here on sources written for the occasion, with
 * the project's configuration minus type information (building the TypeScript program takes seconds; those rules need
 * none, and `npm run lint` runs the type-aware ones).
 */
const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });

async function problems(path: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: path });
	return (result?.messages ?? []).map((message) => `${message.line}:${message.ruleId ?? 'parse'}`);
}

describe('eslint on supabase/functions', () => {
	test('no file under supabase/functions is ignored', async () => {
		for (const path of [
			'supabase/functions/_shared/calendly/store.ts',
			'supabase/functions/calendly-webhook/index.test.ts',
			'supabase/functions/serve.ts'
		])
			expect(await eslint.isPathIgnored(path), path).toBe(false);
	});

	test('shared code: Deno-resolvable imports only, no Node or Deno globals', async () => {
		const code = [
			"import { utf8 } from '../bytes.ts';",
			"import { z } from 'zod';",
			"import { toHex } from '../bytes';",
			"import { readFileSync } from 'node:fs';",
			"import { Client } from 'discord.js';",
			'export const used = [utf8, z, toHex, readFileSync, Client, process.env.X, Buffer.from(""), Deno.env.get("X")];'
		].join('\n');
		expect(await problems('supabase/functions/_shared/calendly/store.ts', code)).toEqual([
			'3:no-restricted-imports',
			'4:no-restricted-imports',
			'5:no-restricted-imports',
			'6:no-restricted-globals',
			'6:no-restricted-globals',
			'6:no-restricted-globals'
		]);
	});

	test('Deno-only files may use Deno and node: builtins, not Node globals', async () => {
		const code = [
			"import assert from 'node:assert/strict';",
			"import postgres from 'postgres';",
			"import { x } from 'lodash';",
			'assert.ok(postgres, Deno.env.get("X") ?? process.env.X ?? x);'
		].join('\n');
		expect(await problems('supabase/functions/calendly-webhook/index.test.ts', code)).toEqual([
			'3:no-restricted-imports',
			'4:no-restricted-globals'
		]);
	});
});
