import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

/**
 * A local stand-in of Supabase Realtime's websocket (`/realtime/v1/websocket`, Phoenix frames
 * `[join_ref, ref, topic, event, payload]`): it accepts joins with postgres_changes bindings, answers heartbeats, and
 * lets a test push an INSERT to every joined channel.
 */
export async function startRealtimeStandin() {
	const server = createServer((_request, response) => response.writeHead(404).end());
	const sockets = new WebSocketServer({ server, path: '/realtime/v1/websocket' });
	const joined: {
		socket: WebSocket;
		topic: string;
		joinRef: string | null;
		bindings: { id: number; table?: string; event?: string; select?: string[] }[];
	}[] = [];
	const apiKeys: string[] = [];
	sockets.on('connection', (socket, request) => {
		apiKeys.push(new URL(request.url ?? '', 'http://localhost').searchParams.get('apikey') ?? '');
		socket.on('message', (raw: Buffer) => {
			const [joinRef, ref, topic, event, payload] = JSON.parse(raw.toString()) as Frame;
			const reply = (response: Record<string, unknown>) =>
				socket.send(JSON.stringify([joinRef, ref, topic, 'phx_reply', { status: 'ok', response }]));
			if (event === 'phx_join') {
				const config = payload.config as { postgres_changes?: { event: string; schema: string; table?: string; select?: string[] }[] };
				const bindings = (config.postgres_changes ?? []).map((binding, index) => ({ ...binding, id: index + 1 }));
				joined.push({ socket, topic, joinRef, bindings });
				reply({ postgres_changes: bindings });
			} else if (event === 'heartbeat' || event === 'phx_leave') {
				reply({});
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		apiKeys,
		joinedTopics: () => joined.map((channel) => channel.topic),
		/** The postgres_changes bindings each join asked for (event, schema, table, filter, select columns). */
		bindings: () => joined.flatMap((channel) => channel.bindings),
		/** Sends an INSERT on `table` to every channel bound to it. */
		insert(table: string, record: Record<string, unknown>) {
			for (const channel of joined) {
				const ids = channel.bindings.filter((binding) => binding.table === table).map((binding) => binding.id);
				if (ids.length === 0) continue;
				const data = {
					schema: 'public',
					table,
					commit_timestamp: new Date().toISOString(),
					eventType: 'INSERT',
					type: 'INSERT',
					new: record,
					record,
					old: {},
					columns: [],
					errors: null
				};
				channel.socket.send(JSON.stringify([channel.joinRef, null, channel.topic, 'postgres_changes', { ids, data }]));
			}
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const client of sockets.clients) client.terminate();
				sockets.close();
				server.close(() => resolve());
			})
	};
}
