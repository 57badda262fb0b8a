import { readFileSync } from 'node:fs';

/**
 * The NODE_OPTIONS the Docker image's runtime stage sets (`ENV ... NODE_OPTIONS="..."`): the flags production runs the
 * compiled bot with, read from the Dockerfile so the tests and bench:bot run it the same way.
 */
export function imageNodeOptions(): string {
	const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
	const match = /\bNODE_OPTIONS=(?:"([^"]*)"|(\S+))/.exec(dockerfile);
	if (!match) throw new Error('the Dockerfile sets no NODE_OPTIONS');
	return match[1] ?? match[2]!;
}
