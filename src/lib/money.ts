/** Formats an AED amount from Postgres numeric text ("399.00") as members read it: "AED 399", "AED 99.50". */
export function formatAed(amount: string | number): string {
	const value = typeof amount === 'number' ? amount : Number(amount);
	if (!Number.isFinite(value)) throw new Error('Not an amount');
	const fixed = value.toFixed(2);
	return `AED ${fixed.endsWith('.00') ? fixed.slice(0, -3) : fixed}`;
}
