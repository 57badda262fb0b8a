/**
 * What grew between two V8 heap snapshots (e.g. two checkpoints of `npm run bench:soak` with BENCH_HEAP_SNAPSHOTS):
 * objects counted and sized by constructor, the largest growths first, and for the top few, one retaining path from
 * a GC root, so a growth is named with what holds it.
 *
 *   npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [--top 25] [--paths 5] [--retainers Name,...]
 *     [--code-names]   (compiled code split by function: JIT warm-up shows as optimised code and deopt data)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
	snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
	nodes: number[];
	edges: number[];
	strings: string[];
}

interface Heap {
	readonly count: number;
	/** V8's object id: stable across snapshots of one process, so it tells new objects from old ones. */
	id(node: number): number;
	type(node: number): string;
	name(node: number): string;
	selfSize(node: number): number;
	/** Constructor-ish key: objects by class name, closures, strings, arrays and the rest by V8 type. */
	key(node: number): string;
	retainers(node: number): { from: number; edge: string }[];
	/** Steps from the snapshot's root along strong edges (unreachable: Infinity). */
	distance(node: number): number;
	describe(node: number): string;
}

function load(path: string, codeNames = false): Heap {
	const raw = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
	const {
		node_fields: nodeFields,
		node_types: [nodeTypes],
		edge_fields: edgeFields,
		edge_types: [edgeTypes]
	} = raw.snapshot.meta;
	const nf = nodeFields.length;
	const ef = edgeFields.length;
	const [typeAt, nameAt, sizeAt, edgeCountAt, idAt] = ['type', 'name', 'self_size', 'edge_count', 'id'].map((field) =>
		nodeFields.indexOf(field)
	) as [number, number, number, number, number];
	const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((field) => edgeFields.indexOf(field)) as [number, number, number];
	const { nodes, edges, strings } = raw;
	const count = nodes.length / nf;
	// Reverse edges: for each node, who points at it (weak edges skipped: they do not retain).
	const retainerCount = new Uint32Array(count + 1);
	let edgeIndex = 0;
	const firstEdge = new Uint32Array(count + 1);
	for (let node = 0; node < count; node += 1) {
		firstEdge[node] = edgeIndex;
		const edgeCount = nodes[node * nf + edgeCountAt]!;
		for (let e = 0; e < edgeCount; e += 1, edgeIndex += ef) {
			if (edgeTypes[edges[edgeIndex + edgeTypeAt]!] === 'weak') continue;
			retainerCount[edges[edgeIndex + toAt]! / nf]! += 1;
		}
	}
	firstEdge[count] = edgeIndex;
	const retainerStart = new Uint32Array(count + 1);
	for (let node = 0; node < count; node += 1) retainerStart[node + 1] = retainerStart[node]! + retainerCount[node]!;
	const retainerFrom = new Uint32Array(retainerStart[count]!);
	const retainerEdge = new Uint32Array(retainerStart[count]!);
	const filled = new Uint32Array(count);
	for (let node = 0; node < count; node += 1) {
		for (let edge = firstEdge[node]!; edge < firstEdge[node + 1]!; edge += ef) {
			if (edgeTypes[edges[edge + edgeTypeAt]!] === 'weak') continue;
			const to = edges[edge + toAt]! / nf;
			const slot = retainerStart[to]! + filled[to]!;
			filled[to]! += 1;
			retainerFrom[slot] = node;
			retainerEdge[slot] = edge;
		}
	}
	const distances = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
	distances[0] = 0;
	let frontier = [0];
	while (frontier.length > 0) {
		const next: number[] = [];
		for (const node of frontier) {
			for (let edge = firstEdge[node]!; edge < firstEdge[node + 1]!; edge += ef) {
				if (edgeTypes[edges[edge + edgeTypeAt]!] === 'weak') continue;
				const to = edges[edge + toAt]! / nf;
				if (distances[to] !== Number.POSITIVE_INFINITY) continue;
				distances[to] = distances[node]! + 1;
				next.push(to);
			}
		}
		frontier = next;
	}
	const type = (node: number) => nodeTypes[nodes[node * nf + typeAt]!]!;
	const name = (node: number) => strings[nodes[node * nf + nameAt]!]!;
	const edgeName = (edge: number) => {
		const kind = edgeTypes[edges[edge + edgeTypeAt]!]!;
		const value = edges[edge + edgeNameAt]!;
		return kind === 'element' || kind === 'hidden' ? `[${value}]` : strings[value]!;
	};
	return {
		count,
		id: (node) => nodes[node * nf + idAt]!,
		type,
		name,
		selfSize: (node) => nodes[node * nf + sizeAt]!,
		key: (node) => {
			const kind = type(node);
			if (kind === 'object' || kind === 'native') return name(node);
			if (kind === 'closure') return `(closure ${name(node) || 'anonymous'})`;
			return kind === 'code' && codeNames ? `(code ${name(node).slice(0, 60)})` : `(${kind})`;
		},
		retainers: (node) => {
			const list: { from: number; edge: string }[] = [];
			for (let slot = retainerStart[node]!; slot < retainerStart[node + 1]!; slot += 1)
				list.push({ from: retainerFrom[slot]!, edge: edgeName(retainerEdge[slot]!) });
			return list;
		},
		distance: (node) => distances[node]!,
		describe: (node) => `${type(node) === 'object' ? name(node) : `${type(node)} ${name(node).slice(0, 40)}`}`
	};
}

function summarise(heap: Heap): Map<string, { count: number; size: number; nodes: number[] }> {
	const byKey = new Map<string, { count: number; size: number; nodes: number[] }>();
	for (let node = 0; node < heap.count; node += 1) {
		const key = heap.key(node);
		const entry = byKey.get(key) ?? { count: 0, size: 0, nodes: [] };
		entry.count += 1;
		entry.size += heap.selfSize(node);
		if (entry.nodes.length < 2000) entry.nodes.push(node);
		byKey.set(key, entry);
	}
	return byKey;
}

/** The retainer one step closer to the root (the next step of the shortest path back), if any. */
function closerRetainer(heap: Heap, node: number): { from: number; edge: string } | undefined {
	return heap.retainers(node).find(({ from }) => heap.distance(from) === heap.distance(node) - 1);
}

const CONTAINERS = new Set(['_Collection', 'LimitedCollection', 'Map', 'Set', 'Array', 'Object', 'system / Context', 'system / Cell']);

/**
 * What holds `node`, in a few words: the named properties along its shortest retaining path through class
 * instances (collections and plain containers skipped), e.g. `SapphireClient.channels > DMChannel.messages`.
 */
function holderOf(heap: Heap, node: number): string {
	const steps: string[] = [];
	for (let at = node, guard = 0; at !== 0 && guard < 40; guard += 1) {
		const nearer = closerRetainer(heap, at);
		if (!nearer) return '(unreachable)';
		const kind = heap.type(nearer.from);
		const name = heap.name(nearer.from);
		if ((kind === 'object' || kind === 'closure') && !CONTAINERS.has(name) && !/^\[\d+\]$/.test(nearer.edge))
			steps.unshift(`${kind === 'closure' ? `(closure ${name})` : name}.${nearer.edge}`);
		at = nearer.from;
	}
	return steps.slice(0, 3).join(' > ') || '(root)';
}

/** The shortest retaining path from the snapshot's root to `node`, as DevTools shows it (root first). */
function retainingPath(heap: Heap, node: number): string {
	const steps: string[] = [];
	for (let at = node, guard = 0; at !== 0 && guard < 40; guard += 1) {
		const nearer = closerRetainer(heap, at);
		if (!nearer) return `(unreachable) ${heap.describe(node)}`;
		steps.unshift(`${heap.describe(nearer.from)} -[${nearer.edge}]->`);
		at = nearer.from;
	}
	return `${steps.slice(1).join(' ')} ${heap.describe(node)}`;
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		top: { type: 'string', default: '25' },
		paths: { type: 'string', default: '5' },
		retainers: { type: 'string' },
		'code-names': { type: 'boolean', default: false }
	}
});
const [beforePath, afterPath] = positionals;
if (!beforePath || !afterPath) {
	console.error(
		'usage: npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [--top 25] [--paths 5] [--retainers Name,...] [--code-names]'
	);
	process.exit(2);
}
const beforeHeap = load(beforePath, values['code-names']);
const before = summarise(beforeHeap);
const afterHeap = load(afterPath, values['code-names']);
const after = summarise(afterHeap);
const rows = [...after.entries()]
	.map(([key, entry]) => ({
		key,
		count: entry.count - (before.get(key)?.count ?? 0),
		size: entry.size - (before.get(key)?.size ?? 0),
		total: entry.count,
		nodes: entry.nodes
	}))
	.sort((a, b) => b.size - a.size);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`heap diff ${beforePath} -> ${afterPath}`);
console.log(`  ${'constructor / type'.padEnd(48)} ${'+count'.padStart(9)} ${'+self size'.padStart(11)} ${'count now'.padStart(10)}`);
for (const row of rows.slice(0, Number(values.top)))
	console.log(
		`  ${row.key.slice(0, 48).padEnd(48)} ${String(row.count).padStart(9)} ${kib(row.size).padStart(11)} ${String(row.total).padStart(10)}`
	);
const wanted = values.retainers
	? values.retainers.split(',')
	: rows
			.filter((row) => !row.key.startsWith('('))
			.slice(0, Number(values.paths))
			.map((row) => row.key);
console.log('\nretaining paths (one recent instance each, root first):');
for (const key of wanted) {
	const nodes = after.get(key)?.nodes ?? [];
	const sample = nodes[nodes.length - 1];
	console.log(`  ${key}: ${sample === undefined ? '(none in the second snapshot)' : retainingPath(afterHeap, sample)}`);
}

// Objects born between the snapshots and still alive, grouped by what holds them.
const oldIds = new Set<number>();
for (let node = 0; node < beforeHeap.count; node += 1) oldIds.add(beforeHeap.id(node));
const holders = new Map<string, { count: number; size: number }>();
for (let node = 0; node < afterHeap.count; node += 1) {
	if (oldIds.has(afterHeap.id(node)) || afterHeap.type(node) === 'synthetic') continue;
	const holder = holderOf(afterHeap, node);
	const entry = holders.get(holder) ?? { count: 0, size: 0 };
	entry.count += 1;
	entry.size += afterHeap.selfSize(node);
	holders.set(holder, entry);
}
console.log('\nnew objects still alive, by holder (largest first):');
for (const [holder, entry] of [...holders.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, Number(values.top)))
	console.log(`  ${kib(entry.size).padStart(9)} ${String(entry.count).padStart(7)}  ${holder}`);
