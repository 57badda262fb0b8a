import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { diagnosticScript, migrationsDir, projectRoot, supabaseStackSql } from '../../src/lib/paths.ts';
import { imageNodeOptions } from '../support/image.ts';

/**
 * There is no Docker engine on these machines, so the deployment files are checked as text: what BullMQ needs from
 * Redis, a non-root user, a health check, production-only dependencies, and an image holding every file the bot reads.
 */
const read = (file: string) => readFileSync(join(projectRoot, file), 'utf8');

interface Instruction {
	keyword: string;
	args: string;
}

/** Dockerfile instructions, with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
	return text
		.replace(/\\\n/g, ' ')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'))
		.map((line) => {
			const [keyword, ...rest] = line.split(/\s+/);
			return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
		});
}

const dockerfile = instructions(read('Dockerfile'));
const stages = dockerfile.reduce<Instruction[][]>((all, instruction) => {
	if (instruction.keyword === 'FROM') all.push([]);
	all.at(-1)?.push(instruction);
	return all;
}, []);
const finalStage = stages.at(-1)!;
const stageName = (stage: Instruction[]) => /\bAS\s+(\S+)/i.exec(stage[0]!.args)?.[1];
const dockerignore = read('.dockerignore')
	.split('\n')
	.map((line) => line.trim())
	.filter((line) => line && !line.startsWith('#'));

describe('Dockerfile', () => {
	test('is multi-stage on Node 20 (as package.json engines asks)', () => {
		expect(stages.length).toBeGreaterThanOrEqual(2);
		expect(read('Dockerfile')).toMatch(/ARG NODE_VERSION=20\b/);
		// Every stage starts from the Node image or from an earlier stage.
		stages.forEach((stage, index) => {
			const from = stage[0]!.args.split(/\s+/)[0]!;
			expect(
				from === 'node:${NODE_VERSION}-bookworm-slim' || stages.slice(0, index).some((earlier) => stageName(earlier) === from),
				stage[0]!.args
			).toBe(true);
		});
	});

	test('the final stage runs as an unprivileged user, and nothing after USER switches back to root', () => {
		const users = finalStage.filter((i) => i.keyword === 'USER').map((i) => i.args);
		expect(users.length).toBeGreaterThan(0);
		expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
	});

	test('the final stage has a HEALTHCHECK on /healthz and starts the compiled bot as `npm run start:dist` does, with a small young generation', () => {
		const healthcheck = finalStage.find((i) => i.keyword === 'HEALTHCHECK');
		expect(healthcheck?.args).toContain('/healthz');
		expect(finalStage.find((i) => i.keyword === 'CMD')?.args).toBe('["node", "dist/bin/fpsos.js", "start"]');
		const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
		expect(scripts['start:dist']).toBe('node dist/bin/fpsos.js start');
		// Development is unchanged: `npm start` runs the sources through tsx.
		expect(scripts.start).toBe('node bin/fpsos.mjs start');
		const env = finalStage
			.filter((i) => i.keyword === 'ENV')
			.map((i) => i.args)
			.join(' ');
		expect(env).toContain('NODE_OPTIONS="--max-semi-space-size=1 --max-old-space-size=128"');
		expect(imageNodeOptions()).toBe('--max-semi-space-size=1 --max-old-space-size=128');
	});

	test('the image gets production dependencies only', () => {
		const copied = finalStage.find((i) => i.keyword === 'COPY' && i.args.includes('/app/node_modules'));
		const from = /--from=(\S+)/.exec(copied?.args ?? '')?.[1];
		const depsStage = stages.find((stage) => stageName(stage) === from);
		expect(depsStage?.some((i) => i.keyword === 'RUN' && /npm ci --omit=dev/.test(i.args))).toBe(true);
	});

	test('the compiled bot comes from a stage that installs every dependency and runs `npm run build`', () => {
		const copied = finalStage.find((i) => i.keyword === 'COPY' && /\/app\/dist\s+\.\/dist$/.test(i.args));
		const from = /--from=(\S+)/.exec(copied?.args ?? '')?.[1];
		const buildStage = stages.find((stage) => stageName(stage) === from);
		expect(buildStage, 'no stage copies /app/dist into the image').toBeDefined();
		const runs = buildStage!.filter((i) => i.keyword === 'RUN').map((i) => i.args);
		expect(runs.some((run) => /npm ci --include=dev/.test(run))).toBe(true);
		expect(runs.at(-1)).toBe('npm run build');
		// The build stage copies the whole context: the files the build compiles must not be kept out of it.
		expect(buildStage!.some((i) => i.keyword === 'COPY' && i.args === '. .')).toBe(true);
		const buildConfig = JSON.parse(read('tsconfig.build.json').replace(/^\s*\/\/.*$/gm, '')) as { include: string[] };
		for (const path of [...buildConfig.include, 'tsconfig.build.json', 'tsconfig.json', 'supabase/functions/_shared', 'src/languages']) {
			expect(existsSync(join(projectRoot, path)), path).toBe(true);
			expect(
				dockerignore.some((pattern) => path === pattern || path.startsWith(`${pattern}/`)),
				`${path} is excluded by .dockerignore`
			).toBe(false);
		}
	});

	test('the runtime stage copies every file the compiled bot reads at run time, and .dockerignore keeps none of them out', () => {
		const destinations = finalStage
			.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
			.flatMap((i) =>
				i.args
					.split(/\s+/)
					.filter((part) => !part.startsWith('--'))
					.slice(0, -1)
			);
		// The pieces, locale files and supabase/functions/_shared come compiled in dist/ (checked above and in build.test.ts).
		const needed = [join(projectRoot, 'package.json'), migrationsDir, supabaseStackSql, diagnosticScript];
		for (const file of needed) {
			const path = relative(projectRoot, file).replace(/\/$/, '');
			expect(existsSync(file), path).toBe(true);
			expect(
				destinations.some((source) => path === source || path.startsWith(`${source}/`)),
				`${path} is not copied into the image`
			).toBe(true);
			expect(
				dockerignore.some((pattern) => path === pattern || path.startsWith(`${pattern}/`)),
				`${path} is excluded by .dockerignore`
			).toBe(false);
		}
	});

	test('.dockerignore keeps secrets, local data and host dependencies out of the build context', () => {
		expect(dockerignore).toEqual(expect.arrayContaining(['.env', '.data', 'node_modules', '.git']));
	});
});

describe('docker-compose.yml', () => {
	const compose = parse(read('docker-compose.yml')) as {
		services: Record<
			string,
			{
				command?: string[] | string;
				image?: string;
				build?: unknown;
				environment?: Record<string, string>;
				volumes?: string[];
				depends_on?: Record<string, { condition: string }>;
				restart?: string;
				healthcheck?: unknown;
				user?: string;
			}
		>;
		volumes: Record<string, unknown>;
	};
	const { bot, redis } = compose.services;

	test('has the bot and a Redis 7', () => {
		expect(bot?.build).toBeDefined();
		expect(redis?.image).toMatch(/^redis:7/);
	});

	test('Redis is configured as BullMQ needs: noeviction, append-only file, data on a named volume', () => {
		const command = Array.isArray(redis!.command) ? redis!.command.join(' ') : String(redis!.command);
		expect(command).toMatch(/--maxmemory-policy noeviction\b/);
		expect(command).toMatch(/--appendonly yes\b/);
		const volume = redis!.volumes?.find((entry) => entry.endsWith(':/data'));
		expect(volume).toBeDefined();
		expect(compose.volumes).toHaveProperty(volume!.split(':')[0]!);
		expect(redis!.healthcheck).toBeDefined();
	});

	test('the bot uses that Redis, waits for it, keeps /data on a volume and restarts after a crash', () => {
		expect(new URL(bot!.environment!.REDIS_URL!).hostname).toBe('redis');
		expect(bot!.depends_on?.redis?.condition).toBe('service_healthy');
		expect(bot!.environment!.FPSOS_DATA_DIR).toMatch(/^\/data\//);
		expect(bot!.volumes?.some((entry) => entry.endsWith(':/data'))).toBe(true);
		expect(bot!.restart).toBe('unless-stopped');
		expect(bot!.user ?? 'node').not.toMatch(/^(root|0)(:|$)/);
	});

	test('every variable the compose file sets is one the bot knows (.env.example documents it)', () => {
		const documented = read('.env.example');
		for (const name of Object.keys(bot!.environment!)) expect(documented, name).toMatch(new RegExp(`^${name}=`, 'm'));
	});
});
