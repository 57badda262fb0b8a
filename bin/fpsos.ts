// The compiled `fpsos` command (dist/bin/fpsos.js, made by `npm run build`; the Docker image runs it). It is
// bin/fpsos.mjs without tsx: the same CLI, from the JavaScript that `tsc -p tsconfig.build.json` emits.

// Sapphire's i18n plugin warns that `ar` is not a Discord locale (see bin/fpsos.mjs). Kept out of the JSON logs.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, options?: { code?: string }, ...rest: unknown[]) =>
	options?.code === 'UNSUPPORTED_LOCALE' ? undefined : emitWarning(warning, options, ...rest)) as typeof process.emitWarning;
await import('../src/cli/index.ts');
