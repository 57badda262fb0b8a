import { createRequire } from 'node:module';
import treeSitter, { type Node } from '@vscode/tree-sitter-wasm';

/**
 * A real PowerShell grammar (tree-sitter-powershell, as prebuilt WebAssembly in @vscode/tree-sitter-wasm),
 * so the diagnostic script is checked for syntax on a machine without pwsh.
 */

export type SyntaxNode = Node;

export interface SyntaxProblem {
	line: number;
	column: number;
	text: string;
}

export interface ParsedScript {
	root: SyntaxNode;
	problems: SyntaxProblem[];
}

export type PowerShellParser = (source: string) => ParsedScript;

const require = createRequire(import.meta.url);

export async function loadPowerShellParser(): Promise<PowerShellParser> {
	await treeSitter.Parser.init();
	const language = await treeSitter.Language.load(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-powershell.wasm'));
	const parser = new treeSitter.Parser();
	parser.setLanguage(language);
	return (source) => {
		const tree = parser.parse(source);
		if (!tree) throw new Error('the PowerShell parser returned no tree');
		const problems: SyntaxProblem[] = [];
		for (const node of descendants(tree.rootNode)) {
			if (node.type === 'ERROR' || node.isMissing) {
				problems.push({
					line: node.startPosition.row + 1,
					column: node.startPosition.column + 1,
					text: node.isMissing ? `missing ${node.type}` : node.text.slice(0, 60)
				});
			}
		}
		return { root: tree.rootNode, problems };
	};
}

/** Every node under `node`, depth first, in source order. */
export function* descendants(node: SyntaxNode): Generator<SyntaxNode> {
	yield node;
	for (const child of node.children) if (child) yield* descendants(child);
}

/** The text of a string literal without its quotes (single-quoted, double-quoted or a here-string). */
export function unquote(text: string): string {
	return text.replace(/^@?(['"])\n?/, '').replace(/\n?(['"])@?$/, '');
}
