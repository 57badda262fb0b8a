/** `/Date(ms)/` as Windows PowerShell 5.1 writes a [datetime]; the JSON text escapes it as `\/Date(ms)\/`. */
const MS_DATE = /^\\?\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\\?\/$/;

/** ISO 8601: a date, optionally a time with seconds and any number of fraction digits, optionally a zone. */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** WMI's DMTF datetime (`20240301000000.000000-000`), as Get-WmiObject returns a driver date. */
const DMTF_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.\d{6}[+-]\d{3}$/;

/**
 * Reads a date the way the diagnostic tool may have written it. The `/Date(ms)/` offset suffix is informational
 * (the milliseconds are already UTC); ISO times without a zone are taken as UTC so a result never depends on the
 * server's time zone. Returns undefined for anything else.
 */
export function parseDiagnosticDate(value: string): Date | undefined {
	const text = value.trim();
	const ms = MS_DATE.exec(text);
	if (ms) return validDate(Number(ms[1]));
	const iso = ISO_DATE.exec(text);
	if (iso) {
		const [, day, time, zone] = iso;
		if (!time) return validDate(Date.parse(`${day}T00:00:00Z`));
		const seconds = time.length === 5 ? `${time}:00` : time;
		return validDate(Date.parse(`${day}T${seconds}${normaliseZone(zone)}`));
	}
	const dmtf = DMTF_DATE.exec(text);
	if (dmtf) {
		const [, year, month, day, hour, minute, second] = dmtf;
		return validDate(Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`));
	}
	return undefined;
}

function normaliseZone(zone: string | undefined): string {
	if (!zone || zone.toUpperCase() === 'Z') return 'Z';
	return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

function validDate(ms: number): Date | undefined {
	if (!Number.isFinite(ms)) return undefined;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? undefined : date;
}
