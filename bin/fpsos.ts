// The compiled `fpsos` command (dist/bin/fpsos.js, made by `npm run build`; the Docker image runs it). It is
// bin/fpsos.mjs without tsx: the same CLI, from the JavaScript that `tsc -p tsconfig.build.json` emits.
import { quietKnownWarnings } from '../src/lib/ops/warnings.ts';

quietKnownWarnings();
await import('../src/cli/index.ts');
