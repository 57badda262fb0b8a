/** Types of scripts/deno-env.mjs, for the TypeScript that imports it (bench/webhook.ts). */
export function denoCommand(): { command: string; prefix: string[] };
export function denoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
