/** FPSOS brand colours for embeds. */
export const colours = {
	brand: 0x7c3aed,
	good: 0x22c55e,
	warning: 0xf59e0b,
	critical: 0xef4444
} as const;
