/** What CLI actions print to; tests pass their own. */
export interface Io {
	out: (line: string) => void;
	err: (line: string) => void;
}

export const consoleIo: Io = {
	out: (line) => process.stdout.write(`${line}\n`),
	err: (line) => process.stderr.write(`${line}\n`)
};

type Source = Record<string, string | undefined>;
export type Action = (env: Source, io?: Io) => Promise<number>;
