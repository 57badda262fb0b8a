import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readCapture } from '../../../src/lib/frametimes/index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/frametimes/${name}`, import.meta.url));
const text = (value: string) => new TextEncoder().encode(value);

describe('readCapture', () => {
	// Expected figures computed independently (Python's csv module, statistics.median and the nearest-rank rule) from
	// the fixture files, not by this code.
	test.each([
		['presentmon-gold-case0.csv', 'presentmon-2', 'Presenter.exe', 52, 0.947, 54.9, 12.4, 12.4, 3],
		['presentmon-gold-case0_v1.csv', 'presentmon-1', 'Presenter.exe', 55, 0.994, 55.3, 12.4, 12.4, 3],
		['presentmon-gold-case0_v2.csv', 'presentmon-2-v2-metrics', 'Presenter.exe', 52, 0.947, 54.9, 12.4, 12.4, 3],
		['presentmon-gold-case5.csv', 'presentmon-2', 'PresentBench.exe', 258, 2.903, 88.9, 82.4, 82.4, 0],
		['presentmon-gold-case5_v1.csv', 'presentmon-1', 'PresentBench.exe', 259, 2.914, 88.9, 82.4, 82.4, 0],
		['presentmon-gold-case5_v2.csv', 'presentmon-2-v2-metrics', 'PresentBench.exe', 258, 2.903, 88.9, 82.7, 82.2, 0],
		['ocat-cs2.csv', 'ocat', 'cs2.exe', 40, 0.196, 204.5, 80, 80, 4],
		['capframex-cs2.csv', 'capframex', 'cs2.exe', 30, 0.125, 240.4, 102, 102, 3]
	])('%s reads as %s, %s', (file, format, application, frames, duration_s, avg_fps, p1_fps, p01_fps, stutters) => {
		const outcome = readCapture(fixture(file));
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		expect(outcome.capture.reading).toEqual({ format, application, frames, duration_s, avg_fps, p1_fps, p01_fps, stutters });
		expect(outcome.capture.frameTimesMs).toHaveLength(frames);
	});

	test('cs2.exe wins over an application with more rows; dwm.exe never counts', () => {
		const rows = ['Application,SwapChainAddress,MsBetweenPresents'];
		for (let i = 0; i < 50; i += 1) rows.push('dwm.exe,0x1,16.6', 'Discord.exe,0x2,8');
		for (let i = 0; i < 5; i += 1) rows.push('cs2.exe,0x3,4');
		const outcome = readCapture(text(rows.join('\n')));
		expect(outcome.ok && outcome.capture.reading).toMatchObject({ application: 'cs2.exe', frames: 5, avg_fps: 250 });

		const withoutGame = readCapture(text(rows.slice(0, 101).join('\n')));
		expect(withoutGame.ok && withoutGame.capture.reading).toMatchObject({ application: 'Discord.exe', frames: 50 });
		const onlyCompositor = readCapture(text(['Application,MsBetweenPresents', 'dwm.exe,16.6'].join('\n')));
		expect(onlyCompositor).toEqual({ ok: false, reason: 'no_frames' });
	});

	test('within the application, the swap chain with the most rows; NA and empty cells are skipped', () => {
		const rows = [
			'Application,SwapChainAddress,FrameTime',
			'cs2.exe,0xA,NA',
			'cs2.exe,0xA,',
			'cs2.exe,0xA,5',
			'cs2.exe,0xB,10',
			'cs2.exe,0xB,10'
		];
		const outcome = readCapture(text(rows.join('\r\n')));
		expect(outcome.ok && outcome.capture.reading).toMatchObject({ frames: 2, avg_fps: 100, format: 'presentmon-2-v2-metrics' });
	});

	test('a UTF-16 file (PowerShell redirection) reads like its UTF-8 twin', () => {
		const utf8 = fixture('capframex-cs2.csv');
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8.toString('utf8'), 'utf16le')]);
		expect(readCapture(utf16)).toEqual(readCapture(utf8));
	});

	test.each([
		['a diagnostic JSON file', '{"schema_version":1}'],
		['a CSV without a frame-time column', 'Application,ProcessID\ncs2.exe,1'],
		['an empty file', ''],
		['binary noise', '\u0000\u0001\u0002PK']
	])('%s is not a capture', (_name, body) => {
		expect(readCapture(text(body))).toEqual({ ok: false, reason: 'not_capture' });
	});

	test('a header with no frame rows has no frames', () => {
		expect(readCapture(text('Application,MsBetweenPresents\r\n'))).toEqual({ ok: false, reason: 'no_frames' });
	});
});
