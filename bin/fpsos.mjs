#!/usr/bin/env node
// The `fpsos` command: runs the TypeScript sources directly through tsx, so it works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();

// Known process warnings (Sapphire's about `ar`, which no Discord client locale is) stay out of the JSON logs.
const { quietKnownWarnings } = await import('../src/lib/ops/warnings.ts');
quietKnownWarnings();
await import('../src/cli/index.ts');
