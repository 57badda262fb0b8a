/**
 * The few CSV rules frame-time tools need: comma-separated fields, double quotes around fields that hold commas
 * (OCAT's system-information cells), doubled quotes inside them, CRLF or LF line ends.
 */
export function splitCsvLine(line: string): string[] {
	if (!line.includes('"')) return line.split(',');
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < line.length; i += 1) {
		const char = line[i];
		if (quoted) {
			if (char !== '"') field += char;
			else if (line[i + 1] === '"') {
				field += '"';
				i += 1;
			} else quoted = false;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			fields.push(field);
			field = '';
		} else field += char;
	}
	fields.push(field);
	return fields;
}
