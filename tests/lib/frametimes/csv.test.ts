import { describe, expect, test } from 'vitest';
import { splitCsvLine } from '../../../src/lib/frametimes/csv.ts';

describe('splitting a frame-time CSV line', () => {
	test.each([
		['plain fields', 'cs2.exe,1234,16.67', ['cs2.exe', '1234', '16.67']],
		['empty fields kept', 'a,,c,', ['a', '', 'c', '']],
		['a quoted field holding commas', 'OCAT,"AMD Ryzen 5 5600X, 6 cores",16.67', ['OCAT', 'AMD Ryzen 5 5600X, 6 cores', '16.67']],
		['doubled quotes inside quotes', '"the ""Pro"" GPU",1', ['the "Pro" GPU', '1']],
		['a quoted empty field', '"",x', ['', 'x']]
	])('%s', (_situation, line, fields) => {
		expect(splitCsvLine(line)).toEqual(fields);
	});
});
