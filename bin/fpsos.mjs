#!/usr/bin/env node
// The `fpsos` command: runs the TypeScript sources directly through tsx, so it works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
