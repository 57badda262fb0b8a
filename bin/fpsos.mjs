#!/usr/bin/env node
// The `fpsos` command: runs the TypeScript sources directly through tsx, so it works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();

// Sapphire's i18n plugin warns that `ar` is not a Discord locale. We know: Discord has no Arabic client locale, so
// command texts are registered in English and members choose Arabic with /language. Kept out of the JSON logs.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, options, ...rest) => (options?.code === 'UNSUPPORTED_LOCALE' ? undefined : emitWarning(warning, options, ...rest));
await import('../src/cli/index.ts');
