import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeDiagnostic } from '../../src/lib/diagnostics/index.ts';
import { knownDiagnosticKeys } from '../../src/lib/diagnostics/schema.ts';
import { descendants, loadPowerShellParser, unquote, type PowerShellParser, type SyntaxNode } from './powershell-parser.ts';

const scriptBytes = readFileSync(new URL('../../tools/fpsos-diagnostic.ps1', import.meta.url));
const script = scriptBytes.toString('utf8');
const sampleOutput = readFileSync(new URL('../fixtures/diagnostics/script-output.json', import.meta.url));

let parse: PowerShellParser;
let root: SyntaxNode;

beforeAll(async () => {
	parse = await loadPowerShellParser();
	root = parse(script).root;
});

const nodesOf = (type: string) => [...descendants(root)].filter((node) => node.type === type);

/** What a command calls: a cmdlet or function name, a native program, or `$variable` after `&`. */
function commandName(command: SyntaxNode): string {
	const head = command.namedChildren.find((child) => child?.type === 'command_name' || child?.type === 'command_name_expr');
	if (head) return head.text;
	return command.namedChildren.some((child) => child?.type === 'foreach_command') ? 'ForEach-Object' : '';
}

/** PowerShell code with comments and string contents blanked, for checks on syntax only. */
function codeOnly(source = script): string {
	let code = source;
	for (const node of descendants(source === script ? root : parse(source).root)) {
		if (node.type === 'comment' || node.type === 'string_literal') {
			code = code.slice(0, node.startIndex) + ' '.repeat(node.endIndex - node.startIndex) + code.slice(node.endIndex);
		}
	}
	return code;
}

/** Ways a script could change the machine. Checked on the whole text, strings included (`cmd /c "reg add ..."`). */
const MACHINE_CHANGES: [string, RegExp][] = [
	['registry or item cmdlets that write', /\b(?:Set|New|Remove|Rename|Clear|Copy|Move)-Item(?:Property)?\b/i],
	['reg.exe writes', /\breg(?:\.exe)?\s+(?:add|delete|import|load|unload|restore|copy)\b/i],
	['.NET registry writes', /\.(?:SetValue|CreateSubKey|DeleteSubKey|DeleteSubKeyTree|DeleteValue)\s*\(|OpenSubKey\s*\([^)]*,\s*\$true/i],
	['powercfg changes', /\bpowercfg(?:\.exe)?\s+[-/](?!getactivescheme\b)\w+/i],
	[
		'boot, Defender, service or process changes',
		/\b(?:bcdedit|Set-MpPreference|Add-MpPreference|Set-Service|Stop-Service|Start-Service|Stop-Process|Start-Process|Restart-Computer)\b/i
	],
	['elevation', /-RunAsAdministrator|-Verb\s+RunAs/i],
	['downloads and dynamic code', /\b(?:Invoke-WebRequest|Invoke-RestMethod|Invoke-Expression|iex|DownloadString|DownloadFile)\b/i],
	['file writes other than the diagnostic', /\b(?:Out-File|Set-Content|Add-Content|Export-\w+|WriteAllBytes|AppendAllText)\b/i]
];

/** Redirection writes files; PowerShell compares with -gt, so outside strings and comments any `>` is one. */
const REDIRECTION = />/;

function machineChanges(source: string): string[] {
	const found = MACHINE_CHANGES.filter(([, pattern]) => pattern.test(source)).map(([name]) => name);
	return REDIRECTION.test(codeOnly(source)) ? [...found, 'redirection to a file'] : found;
}

/** PowerShell 7-only syntax, which Windows PowerShell 5.1 cannot run. */
const POWERSHELL_7_ONLY: [string, RegExp][] = [
	['null-coalescing ??', /\?\?/],
	['null-conditional ?. / ?[', /\?\.|\?\[/],
	['ternary ? :', /\s\?\s[^:]*\s:\s/],
	['pipeline chains && ||', /&&|\|\|/],
	['ConvertTo-Json -AsArray / -EnumsAsStrings', /-AsArray\b|-EnumsAsStrings\b/i],
	['ConvertFrom-Json -AsHashtable / -Depth', /ConvertFrom-Json[^\n]*-(?:AsHashtable|Depth)/i],
	['ForEach-Object -Parallel', /-Parallel\b/i],
	['Test-Connection -TimeoutSeconds', /-TimeoutSeconds\b/i],
	['$PSStyle', /\$PSStyle\b/i],
	['clean block', /^\s*clean\s*\{/im]
];

function powerShell7Only(code: string): string[] {
	return POWERSHELL_7_ONLY.filter(([, pattern]) => pattern.test(code)).map(([name]) => name);
}

describe('the PowerShell grammar parser', () => {
	test.each([
		['an unclosed condition', 'function f {\n    if ($x {\n        Write-Host 1\n    }\n}\n'],
		['an unclosed hashtable', '$a = @{ x = 1\n'],
		['an unclosed script block', 'Invoke-Thing {\n    $a = 1\n'],
		['an unterminated string', "Write-Host 'unterminated\n"],
		['a stray closing brace', '$a = 1 }\n']
	])('reports %s as a syntax error', (_kind, snippet) => {
		expect(parse(snippet).problems).not.toEqual([]);
	});

	test.each([
		['a hashtable', '$a = [ordered]@{ x = 1; y = @(1, 2) }\n'],
		['try / catch', 'try {\n    $x = Get-CimInstance -ClassName Win32_OperatingSystem\n}\ncatch {\n    $x = $null\n}\n'],
		['a here-string', "$s = @'\nanything { here\n'@\n"]
	])('accepts %s', (_kind, snippet) => {
		expect(parse(snippet).problems).toEqual([]);
	});
});

describe('tools/fpsos-diagnostic.ps1', () => {
	test('has no syntax errors', () => {
		expect(parse(script).problems).toEqual([]);
	});

	test('is ASCII only, without a BOM (Windows PowerShell 5.1 reads BOM-less scripts as ANSI)', () => {
		const nonAscii = [...scriptBytes.entries()].filter(
			([, byte]) => byte > 0x7e || (byte < 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09)
		);
		expect(nonAscii).toEqual([]);
	});

	test('requires PowerShell 5.1 and not administrator rights', () => {
		expect(script.split('\n')[0]?.trim()).toBe('#Requires -Version 5.1');
		expect(script).not.toMatch(/#Requires\s+-RunAsAdministrator/i);
	});

	test('uses no PowerShell 7-only syntax', () => {
		expect(powerShell7Only(codeOnly())).toEqual([]);
	});

	test.each(POWERSHELL_7_ONLY)('the 7-only check finds %s', (_name, pattern) => {
		const samples: Record<string, string> = {
			'null-coalescing ??': '$a = $b ?? 1',
			'null-conditional ?. / ?[': '$a = ${b}?.Name',
			'ternary ? :': '$a = $b ? 1 : 2',
			'pipeline chains && ||': 'Get-Thing && Write-Host ok',
			'ConvertTo-Json -AsArray / -EnumsAsStrings': 'ConvertTo-Json -InputObject $a -AsArray',
			'ConvertFrom-Json -AsHashtable / -Depth': '$x = $t | ConvertFrom-Json -AsHashtable',
			'ForEach-Object -Parallel': '$a | ForEach-Object -Parallel { $_ }',
			'Test-Connection -TimeoutSeconds': 'Test-Connection 1.1.1.1 -TimeoutSeconds 1',
			$PSStyle: '$PSStyle.Reset',
			'clean block': 'function f {\n    clean { }\n}'
		};
		const sample = samples[_name];
		expect(sample).toBeDefined();
		expect(pattern.test(sample!)).toBe(true);
	});

	test('changes nothing on the machine: no registry, setting, service or file writes', () => {
		expect(machineChanges(script)).toEqual([]);
	});

	test.each([
		"Set-ItemProperty -Path 'HKCU:\\Control Panel\\Mouse' -Name MouseSpeed -Value 0",
		"New-ItemProperty -Path 'HKLM:\\SYSTEM\\X' -Name Y -Value 1",
		"Remove-Item -Path 'HKCU:\\System\\GameConfigStore'",
		'reg add HKCU\\System\\GameConfigStore /v GameDVR_Enabled /d 0',
		'cmd /c "reg.exe delete HKCU\\X /f"',
		'[Microsoft.Win32.Registry]::CurrentUser.OpenSubKey($path, $true)',
		'$key.SetValue("HwSchMode", 2)',
		'powercfg /setactive 8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c',
		'powercfg.exe -change monitor-timeout-ac 0',
		'Start-Process powershell -Verb RunAs',
		'$report | Out-File report.json',
		'$x > C:\\temp\\x.txt',
		'iex (New-Object Net.WebClient).DownloadString($url)'
	])('the read-only check catches %s', (snippet) => {
		expect(machineChanges(snippet)).not.toEqual([]);
	});

	test('calls only read-only cmdlets, powercfg /getactivescheme and its own functions', () => {
		const own = new Set(nodesOf('function_statement').map((fn) => fn.namedChildren.find((child) => child?.type === 'function_name')?.text));
		const readOnly = new Set([
			'Get-CimInstance',
			'Get-WmiObject',
			'Get-Command',
			'Get-ItemProperty',
			'Get-NetAdapter',
			'Get-Date',
			'Get-Location',
			'Test-Path',
			'Join-Path',
			'Measure-Object',
			'Where-Object',
			'ForEach-Object',
			'New-Object',
			'Add-Type',
			'Write-Host',
			'ConvertTo-Json',
			'Read-Host',
			'powercfg.exe',
			'$Probe',
			'Import-Csv',
			'Get-ChildItem',
			'Group-Object',
			'Sort-Object',
			// PresentMon, which the member downloaded, started only by the benchmark step after their yes.
			'$presentMon'
		]);
		const called = new Set(nodesOf('command').map(commandName));
		const unexpected = [...called].filter((name) => !own.has(name) && !readOnly.has(name));
		expect(unexpected).toEqual([]);
		expect([...own].every((name) => /^[A-Z][A-Za-z]+-Fpsos[A-Za-z]*$/.test(name ?? ''))).toBe(true);
		const powercfg = nodesOf('command').filter((command) => /powercfg/i.test(commandName(command)));
		expect(powercfg.map((command) => command.text)).toEqual(['& powercfg.exe /getactivescheme']);
	});

	test('the benchmark step runs PresentMon only when it is there, may trace, and the member said yes; never elevates', () => {
		const step = nodesOf('command').find(
			(command) => commandName(command) === 'Invoke-FpsosProbe' && command.text.startsWith("Invoke-FpsosProbe 'Benchmark'")
		)!;
		expect(step).toBeDefined();
		const body = step.text;
		const order = [
			'if ($NoBenchmark) { return }',
			'Find-FpsosPresentMon',
			'if (-not $presentMon)',
			'if (-not (Test-FpsosCanTrace))',
			'Read-Host',
			'& $presentMon'
		].map((text) => body.indexOf(text));
		expect(order.every((at) => at >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(body).toMatch(/if \(\$answer -notmatch '\^\(\?i\)y'\)/);
		expect(body).toContain('--process_name cs2.exe --timed $BenchmarkSeconds --terminate_after_timed');
		expect(body).toContain("Set-FpsosSection -Name 'performance'");
		// Administrators (elevated) and Performance Log Users (S-1-5-32-559) may trace; the tool only checks.
		expect(script).toContain("'S-1-5-32-559'");
		expect(machineChanges(body)).toEqual([]);
	});

	test("the benchmark's reading is the bot's: cs2.exe, largest swap chain, MsBetweenPresents, nearest-rank 99th and 99.9th", () => {
		const measure = nodesOf('function_statement').find((fn) => fn.text.startsWith('function Measure-FpsosCapture'))!.text;
		expect(measure).toContain("$_.Application -eq 'cs2.exe'");
		expect(measure).toContain('Group-Object -Property SwapChainAddress | Sort-Object -Property Count -Descending');
		expect(measure).toContain('$row.MsBetweenPresents');
		expect(measure).toContain('[math]::Ceiling(990 * $count / 1000)');
		expect(measure).toContain('[math]::Ceiling(999 * $count / 1000)');
		expect(measure).toContain('1000 * $count / $total');
	});

	test('falls back from Get-CimInstance to Get-WmiObject', () => {
		expect(script).toMatch(/Get-CimInstance[\s\S]*catch[\s\S]*Get-WmiObject/);
	});

	test('wraps every section in its own probe, so one failure leaves only that section out', () => {
		const writers = nodesOf('command').filter((command) => /^Set-Fpsos(?:Section|List|Value)$/.test(commandName(command)));
		expect(writers.length).toBeGreaterThanOrEqual(9);
		for (const writer of writers) {
			if (writer.parent?.parent?.type === 'script_block' && isHelperDefinition(writer)) continue;
			let node: SyntaxNode | null = writer.parent;
			while (node && !(node.type === 'command' && commandName(node) === 'Invoke-FpsosProbe')) node = node.parent;
			expect(node, writer.text.slice(0, 60)).not.toBeNull();
		}
	});

	test('writes the JSON with -Depth and -InputObject (never piped, so a single GPU stays an array)', () => {
		const conversions = nodesOf('command').filter((command) => commandName(command) === 'ConvertTo-Json');
		expect(conversions.map((command) => command.text)).toEqual(['ConvertTo-Json -InputObject $report -Depth 6']);
		expect(codeOnly()).not.toMatch(/\|\s*ConvertTo-Json/i);
	});

	test('saves fpsos-diagnostic.json on the Desktop as UTF-8 and tells the member what to do next', () => {
		expect(script).toContain("[Environment]::GetFolderPath('Desktop')");
		expect(script).toContain("'fpsos-diagnostic.json'");
		expect(script).toContain('[System.IO.File]::WriteAllText($path, $json, (New-Object System.Text.UTF8Encoding($false)))');
		expect(script).toContain('Upload this file to the FPSOS bot with /diagnostic upload or send it to the bot by DM');
		expect(script).toMatch(/schema\s+=\s+'fpsos-diagnostic\/1'/);
	});
});

/** Whether `command` sits inside one of the script's own helper function definitions. */
function isHelperDefinition(command: SyntaxNode): boolean {
	let node: SyntaxNode | null = command.parent;
	while (node && node.type !== 'function_statement') node = node.parent;
	return node !== null;
}

/**
 * The keys the script writes. Top-level keys come from the `$report = [ordered]@{...}` literal and from
 * `Set-FpsosValue -Name`; section keys from the hashtable literals inside each `Set-FpsosSection` /
 * `Set-FpsosList -Name <section>` call, which is the only way the script adds to the report.
 */
function keysTheScriptWrites(): string[] {
	const keys: string[] = [];
	const keyOf = (entry: SyntaxNode) => unquote(entry.namedChildren.find((child) => child?.type === 'key_expression')?.text ?? '');
	const reportLiteral = nodesOf('assignment_expression').find((assignment) => /^\$report\s*=/.test(assignment.text));
	expect(reportLiteral).toBeDefined();
	for (const entry of [...descendants(reportLiteral!)].filter((node) => node.type === 'hash_entry')) keys.push(keyOf(entry));

	for (const command of nodesOf('command')) {
		const name = commandName(command);
		if (!/^Set-Fpsos(?:Section|List|Value)$/.test(name) || isHelperDefinition(command)) continue;
		const section = /-Name\s+'(\w+)'/.exec(command.text)?.[1];
		expect(section, command.text.slice(0, 60)).toBeDefined();
		if (name === 'Set-FpsosValue') {
			keys.push(section!);
			continue;
		}
		for (const entry of [...descendants(command)].filter((node) => node.type === 'hash_entry')) keys.push(`${section}.${keyOf(entry)}`);
	}
	return keys;
}

function keysOfJson(value: Record<string, unknown>): string[] {
	return Object.entries(value).flatMap(([key, field]) => {
		const entries = Array.isArray(field) ? field : [field];
		if (!entries.every((entry) => typeof entry === 'object' && entry !== null)) return [key];
		return [...new Set(entries.flatMap((entry) => Object.keys(entry as object).map((sub) => `${key}.${sub}`)))];
	});
}

describe('what the script writes and what the analyzer reads cannot drift', () => {
	test('the keys the script writes are exactly the keys the schema knows, each written once', () => {
		const written = keysTheScriptWrites();
		expect(written.length).toBe(new Set(written).size);
		expect([...written].sort()).toEqual(knownDiagnosticKeys());
	});

	test('the report is only added to through the Set-Fpsos helpers', () => {
		const writes = nodesOf('element_access').filter((access) => /^\$(?:script:)?report\[/i.test(access.text));
		expect(writes.map((access) => access.text)).toEqual(['$script:report[$Name]', '$script:report[$Name]', '$script:report[$Name]']);
	});

	test('the sample output mirrors the script: same keys, in the order the script writes them', () => {
		const sample = JSON.parse(new TextDecoder().decode(sampleOutput)) as Record<string, unknown>;
		expect(keysOfJson(sample)).toEqual(keysTheScriptWrites());
		expect(sample.gpus).toEqual(expect.any(Array));
		expect(sample.displays).toEqual(expect.any(Array));
	});

	test('the sample output is accepted by the analyzer, every rule evaluated', () => {
		const outcome = analyzeDiagnostic(sampleOutput);
		if (!outcome.ok) expect.fail(`refused as ${outcome.reason}`);
		expect(outcome.result.checked).toHaveLength(14);
		expect(outcome.result.recommendation).toBe('extreme');
	});
});
