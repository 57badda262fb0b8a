import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

/**
 * The V8 inspector of a process started with `--inspect=127.0.0.1:PORT`: heap figures after a full garbage
 * collection, and heap snapshots (written as Chrome DevTools reads them) to find what is retained and by what.
 */
export class Inspector {
	readonly #socket: WebSocket;
	readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	readonly #events = new Map<string, (params: Record<string, unknown>) => void>();
	#nextId = 1;

	private constructor(socket: WebSocket) {
		this.#socket = socket;
		socket.on('message', (raw: Buffer) => {
			const message = JSON.parse(raw.toString('utf8')) as {
				id?: number;
				result?: unknown;
				error?: { message: string };
				method?: string;
				params?: Record<string, unknown>;
			};
			if (message.id !== undefined) {
				const pending = this.#pending.get(message.id);
				this.#pending.delete(message.id);
				if (message.error) pending?.reject(new Error(message.error.message));
				else pending?.resolve(message.result);
			} else if (message.method) this.#events.get(message.method)?.(message.params ?? {});
		});
	}

	/** Connects to the inspector listening on `port` (retrying while the process starts). */
	static async connect(port: number, timeoutMs = 30_000): Promise<Inspector> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			try {
				const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
				const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl, { perMessageDeflate: false });
				await new Promise<void>((resolve, reject) => {
					socket.once('open', () => resolve());
					socket.once('error', reject);
				});
				return new Inspector(socket);
			} catch (error) {
				if (Date.now() > deadline) throw new Error(`no inspector on port ${port}`, { cause: error });
				await sleep(200);
			}
		}
	}

	call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.#nextId++;
		return new Promise<T>((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.#socket.send(JSON.stringify({ id, method, params }));
		});
	}

	/** V8 heap used and allocated after a full garbage collection, in bytes. */
	async heapAfterGc(): Promise<{ used: number; total: number }> {
		await this.call('HeapProfiler.collectGarbage');
		const { usedSize, totalSize } = await this.call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
		return { used: usedSize, total: totalSize };
	}

	/** Writes a heap snapshot (taken after a full collection, as V8 always does) to `path`. */
	async heapSnapshot(path: string): Promise<void> {
		const file = createWriteStream(path);
		this.#events.set('HeapProfiler.addHeapSnapshotChunk', (params) => void file.write(String(params.chunk)));
		try {
			await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
		} finally {
			this.#events.delete('HeapProfiler.addHeapSnapshotChunk');
			await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
		}
	}

	close(): void {
		this.#socket.close();
	}
}
