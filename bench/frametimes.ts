/**
 * Frame-time capture benchmark (issue 16's target: reading a 100,000-frame capture in < 200 ms).
 * Run: npm run bench:frametimes [-- runs]
 * Builds a PresentMon 2.x capture (its default 32 columns, a dwm.exe row every tenth line, a byte-order mark and CRLF,
 * as PresentMon writes them) of 100,000 cs2.exe frames, reads it with the bot's reader, and prints p50/p99 in ms,
 * the CPU time per read (comparable on a busy machine, where wall time is not) and the machine's load, then one JSON line.
 */
import { availableParallelism, loadavg } from 'node:os';
import { readCapture } from '../src/lib/frametimes/index.ts';

const RUNS = Number(process.argv[2] ?? 30);
const WARMUP = 5;
const FRAMES = 100_000;
const TARGET_MS = 200;

const HEADER =
	'Application,ProcessID,SwapChainAddress,PresentRuntime,SyncInterval,PresentFlags,AllowsTearing,PresentMode,FrameType,TimeInQPC,MsBetweenSimulationStart,MsBetweenPresents,MsBetweenDisplayChange,MsInPresentAPI,MsRenderPresentLatency,MsUntilDisplayed,MsPCLatency,CPUStartQPC,MsBetweenAppStart,MsCPUBusy,MsCPUWait,MsGPULatency,MsGPUTime,MsGPUBusy,MsGPUWait,MsVideoBusy,MsAnimationError,AnimationTime,MsFlipDelay,MsAllInputToPhotonLatency,MsClickToPhotonLatency,MsInstrumentedLatency';

function capture(): Uint8Array {
	const lines = [`\uFEFF${HEADER}`];
	let qpc = 2_076_674_276;
	for (let frame = 0; frame < FRAMES; frame += 1) {
		const ms = (3.2 + ((frame * 7919) % 1000) / 500 + (frame % 997 === 0 ? 9 : 0)).toFixed(14);
		qpc += 33_000;
		lines.push(
			`cs2.exe,9124,0x1F2A3B4C5D0,DXGI,0,512,1,Hardware: Independent Flip,Application,${qpc},NA,${ms},${ms},0.21430000000000,2.10570000000000,3.97340000000000,NA,${qpc - 9000},${ms},2.81240000000000,0.40210000000000,0.31200000000000,2.90110000000000,2.90110000000000,0.29890000000000,0.00000000000000,NA,${(frame / 250).toFixed(14)},NA,NA,NA,NA`
		);
		if (frame % 10 === 0)
			lines.push(
				`dwm.exe,1268,0x224B280A1C0,DXGI,1,0,0,Hardware: Legacy Flip,Application,${qpc},NA,16.47540000000000,16.63730000000000,0.08930000000000,1.07520000000000,16.42960000000000,NA,${qpc},NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA`
			);
	}
	return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

const bytes = capture();
const times: number[] = [];
const cpuTimes: number[] = [];
let frames = 0;
for (let run = 0; run < WARMUP + RUNS; run += 1) {
	const started = performance.now();
	const cpuStarted = process.cpuUsage();
	const outcome = readCapture(bytes);
	const cpu = process.cpuUsage(cpuStarted);
	const elapsed = performance.now() - started;
	if (!outcome.ok) throw new Error(`the benchmark capture was refused: ${outcome.reason}`);
	frames = outcome.capture.reading.frames;
	if (run >= WARMUP) {
		times.push(elapsed);
		cpuTimes.push((cpu.user + cpu.system) / 1000);
	}
}
const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
};
const [p50, p99, cpuP50] = [percentile(times, 50), percentile(times, 99), percentile(cpuTimes, 50)];
const load = loadavg()[0]!.toFixed(2);
console.log(`capture: ${(bytes.length / 1024 / 1024).toFixed(1)} MiB, ${frames} cs2.exe frames (+ dwm.exe rows), ${RUNS} runs`);
console.log(`read: p50 ${p50} ms, p99 ${p99} ms (target < ${TARGET_MS} ms); CPU time p50 ${cpuP50} ms (what the read costs, whatever else runs)`);
console.log(`machine: ${availableParallelism()} cores, load average ${load}`);
console.log(
	JSON.stringify({
		bench: 'frametimes',
		frames,
		bytes: bytes.length,
		runs: RUNS,
		p50_ms: p50,
		p99_ms: p99,
		cpu_p50_ms: cpuP50,
		target_ms: TARGET_MS,
		load_1m: Number(load)
	})
);
