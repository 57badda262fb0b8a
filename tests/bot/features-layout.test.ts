import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * The bot's use cases live by feature: `src/bot/features/<feature>/` holds the feature's files, each named for its role:
 *
 * - `render.ts` / `<topic>.render.ts`: pure builders of messages and modals (no client, no database), each unit-tested
 *   at the mirrored path under tests/bot/features;
 * - `flow.ts` / `<topic>.flow.ts`: the use cases the Sapphire pieces (and scheduled jobs) call;
 * - `senders.ts`: the outbox senders of the feature's notification kinds, called only by the outbox dispatcher
 *   (src/bot/outbox/deliver.ts).
 *
 * A feature's front door is its `flow.ts` and `render.ts`: another feature imports those and nothing else of it (a
 * `<topic>.*` file is the feature's own, for its pieces). Shared bot infrastructure (client, errors, i18n, theme, the
 * outbox dispatcher...) stays in src/bot outside features; src/lib knows nothing of the bot.
 */
const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const src = resolve(root, 'src');
const features = resolve(src, 'bot/features');
const testsOfFeatures = resolve(root, 'tests/bot/features');
const dispatcher = resolve(src, 'bot/outbox/deliver.ts');

const FILE_NAME = /^(?:[a-z0-9-]+\.)?(flow|render)\.ts$|^senders\.ts$/;

/** What renderers share: the brand colours, the button builders, the modal's text fields. */
const RENDER_KIT = new Set(['bot/theme.ts', 'bot/buttons.ts', 'bot/modal-fields.ts']);

/** Shared bot files that wire features in: start-up, the container's typing, the outbox dispatcher. */
const WIRING = new Set(['bot/start.ts', 'bot/augments.ts', 'bot/outbox/deliver.ts']);

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = resolve(dir, entry.name);
		return entry.isDirectory() ? filesUnder(path) : [path];
	});
}

/** The files a source imports (static, type-only and dynamic), resolved; bare specifiers (packages) are left out. */
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
	const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\1/g)].map((match) => match[2]!);
	return specifiers.map((specifier) => resolve(dirname(file), specifier));
}

const at = (file: string) => relative(src, file);
const featureOf = (file: string) => (file.startsWith(`${features}/`) ? relative(features, file).split('/')[0]! : null);
const roleOf = (file: string) => /[/.](flow|render|senders)\.ts$/.exec(file)?.[1] ?? null;
const isFrontDoor = (file: string) => /\/(?:flow|render)\.ts$/.test(file);

const sources = filesUnder(src).filter((file) => file.endsWith('.ts'));
const edges = sources.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
const featureFiles = filesUnder(features);

describe('features as rooms', () => {
	test('the import scan sees the edges that are there', () => {
		expect(importsOf('/x/src/a.ts', "import { a } from './b.ts';\nimport type { C } from '../c.ts';\nawait import('./d.ts');")).toEqual([
			'/x/src/b.ts',
			'/x/c.ts',
			'/x/src/d.ts'
		]);
		expect(edges.filter(({ from }) => from === dispatcher).map(({ to }) => at(to))).toContain('bot/features/tickets/senders.ts');
		expect(featureFiles.length).toBeGreaterThan(25);
	});

	test.each(['bot/flows', 'bot/render', 'bot/jobs'])('src/%s is gone (its files live in their features)', (old) => {
		expect(existsSync(resolve(src, old))).toBe(false);
	});

	test('every file of a feature is its flow, renderer or senders, one level down', () => {
		const misnamed = featureFiles.filter((file) => relative(features, file).split('/').length !== 2 || !FILE_NAME.test(file.split('/').pop()!));
		expect(misnamed.map(at)).toEqual([]);
	});

	test('every renderer has its unit test at the mirrored path, and every test there mirrors a file', () => {
		const renderers = featureFiles.filter((file) => roleOf(file) === 'render');
		expect(renderers.length).toBeGreaterThan(10);
		const untested = renderers.filter((file) => !existsSync(resolve(testsOfFeatures, relative(features, file).replace(/\.ts$/, '.test.ts'))));
		expect(untested.map(at)).toEqual([]);
		const orphans = filesUnder(testsOfFeatures).filter(
			(test) => !existsSync(resolve(features, relative(testsOfFeatures, test).replace(/\.test\.ts$/, '.ts')))
		);
		expect(orphans.map((file) => relative(root, file))).toEqual([]);
	});

	test('a renderer is pure: it imports src/lib, the theme, the button and modal builders and other renderers only, never the client', () => {
		const impure = featureFiles
			.filter((file) => roleOf(file) === 'render')
			.flatMap((file) => {
				const text = readFileSync(file, 'utf8');
				const bad = importsOf(file, text).filter(
					(to) => !to.startsWith(`${src}/lib/`) && !RENDER_KIT.has(at(to)) && !(featureOf(to) && roleOf(to) === 'render')
				);
				if (/from '@sapphire\/framework'/.test(text)) bad.push('@sapphire/framework');
				return bad.map((to) => `${at(file)} -> ${to.startsWith('/') ? at(to) : to}`);
			});
		expect(impure).toEqual([]);
	});

	test("another feature is entered through its front door (flow.ts, render.ts) only; senders only by the outbox's dispatcher", () => {
		const trespass = edges
			.filter(({ from, to }) => {
				const target = featureOf(to);
				if (!target) return false;
				if (roleOf(to) === 'senders') return from !== dispatcher;
				const source = featureOf(from);
				return source !== null && source !== target && !isFrontDoor(to);
			})
			.map(({ from, to }) => `${at(from)} -> ${at(to)}`);
		expect(trespass).toEqual([]);
	});

	test('shared bot infrastructure does not reach into features, except where it wires them in', () => {
		const reaching = edges
			.filter(({ from, to }) => from.startsWith(`${src}/bot/`) && !featureOf(from) && featureOf(to) && !WIRING.has(at(from)))
			.map(({ from, to }) => `${at(from)} -> ${at(to)}`);
		expect(reaching).toEqual([]);
	});

	test('src/lib imports nothing of the bot, its pieces or the command line', () => {
		const upward = edges.filter(({ from, to }) => from.startsWith(`${src}/lib/`) && to.startsWith(`${src}/`) && !to.startsWith(`${src}/lib/`));
		expect(upward.map(({ from, to }) => `${at(from)} -> ${at(to)}`)).toEqual([]);
	});
});
