// @ts-check
import js from '@eslint/js';
import { readFileSync } from 'node:fs';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Files only Deno runs (the Edge Function's entry points, its tests, their database helper): Node's TypeScript program
 * (tsconfig.json) leaves them out, as it knows nothing of `Deno`; Deno typechecks them (`npm run test:functions`).
 * They are linted with type information all the same, through the default project.
 */
const denoOnly = ['supabase/functions/*.ts', 'supabase/functions/calendly-webhook/*.ts', 'supabase/functions/_shared/testing/*.ts'];

/** The bare specifiers Deno resolves: the Edge Function's import map. */
const denoImports = Object.keys(JSON.parse(readFileSync(new URL('supabase/functions/calendly-webhook/deno.json', import.meta.url), 'utf8')).imports);

/** Node's own globals, which Deno does not define (code under supabase/functions uses Web APIs: TextEncoder, crypto, fetch). */
const nodeOnlyGlobals = [
	'process',
	'Buffer',
	'global',
	'__dirname',
	'__filename',
	'require',
	'module',
	'exports',
	'setImmediate',
	'clearImmediate'
].map((name) => ({ name, message: 'Deno runs this file too: use Web APIs (TextEncoder, crypto, Deno.env in Deno-only files).' }));

/**
 * Imports Deno resolves: relative ones spelled with their extension, and the names in deno.json's import map;
 * `node:` builtins only where `allowNode` (the Deno-only tests), never in code the Edge Function ships.
 * @param {boolean} allowNode
 */
function denoImportRules(allowNode) {
	const bare = ['\\.', ...denoImports.map((name) => `${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/|$)`), ...(allowNode ? ['node:'] : [])];
	return {
		'no-restricted-imports': [
			'error',
			{
				patterns: [
					{
						regex: `^(?!${bare.join('|')})`,
						message: `Deno resolves only relative imports and its import map (${denoImports.join(', ')}; supabase/functions/calendly-webhook/deno.json).`
					},
					{ regex: '^\\.{1,2}/(?!.*\\.(?:ts|json)$)', message: 'Deno needs the file extension on a relative import.' }
				]
			}
		],
		'no-restricted-globals': [
			'error',
			...nodeOnlyGlobals,
			...(allowNode ? [] : [{ name: 'Deno', message: 'Shared code runs on Node too: take what it needs as a parameter.' }])
		]
	};
}

export default tseslint.config(
	{ ignores: ['node_modules/', '.data/', 'coverage/', 'dist/'] },
	js.configs.recommended,
	...tseslint.configs.recommendedTypeChecked,
	{
		languageOptions: {
			globals: { ...globals.node },
			parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.mjs', ...denoOnly] }, tsconfigRootDir: import.meta.dirname }
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-console': ['error', { allow: ['error'] }],
			// discord.js payloads and test fakes are `any`-heavy at the edges; keep these as warnings-free but explicit
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/require-await': 'off'
		}
	},
	{
		files: ['bin/**', 'scripts/**', 'bench/**', 'src/cli/**', 'tests/**'],
		rules: { 'no-console': 'off' }
	},
	{
		// Code Deno also runs (the Edge Function and the Calendly core the bot shares).
		files: ['supabase/functions/**/*.ts'],
		rules: denoImportRules(false)
	},
	{
		files: denoOnly,
		languageOptions: { globals: { Deno: 'readonly' } },
		rules: { ...denoImportRules(true), 'no-console': 'off' }
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...tseslint.configs.disableTypeChecked
	}
);
