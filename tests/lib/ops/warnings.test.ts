import { afterEach, describe, expect, test } from 'vitest';
import { quietKnownWarnings } from '../../../src/lib/ops/warnings.ts';

describe('quietKnownWarnings', () => {
	const seen: string[] = [];
	const listener = (warning: Error & { code?: string }) => seen.push(warning.code ?? warning.message);
	afterEach(() => {
		process.off('warning', listener);
		seen.length = 0;
	});

	test('drops the known warnings in both call forms and emits every other one', async () => {
		quietKnownWarnings();
		quietKnownWarnings();
		process.on('warning', listener);
		process.emitWarning("'ar' needs to be one of: en-US", { code: 'UNSUPPORTED_LOCALE', type: 'Warning' });
		process.emitWarning("'ar' needs to be one of: en-US", 'Warning', 'UNSUPPORTED_LOCALE');
		process.emitWarning('something else', { code: 'FPSOS_TEST_OTHER' });
		process.emitWarning('and a plain one');
		await new Promise((resolve) => setImmediate(resolve));
		expect(seen).toEqual(['FPSOS_TEST_OTHER', 'and a plain one']);
	});
});
