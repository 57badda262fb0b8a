import { LogLevel, type ILogger } from '@sapphire/framework';
import type { Fields, Logger } from '../lib/log.ts';

const names = {
	[LogLevel.Trace]: 'trace',
	[LogLevel.Debug]: 'debug',
	[LogLevel.Info]: 'info',
	[LogLevel.Warn]: 'warn',
	[LogLevel.Error]: 'error',
	[LogLevel.Fatal]: 'fatal'
} as const;

/** Lets Sapphire (and discord.js through it) log through our structured logger. */
export class SapphireLogger implements ILogger {
	public constructor(private readonly logger: Logger) {}

	public has(level: LogLevel): boolean {
		return level !== LogLevel.None && this.logger.enabled(names[level]);
	}

	public write(level: LogLevel, ...values: readonly unknown[]): void {
		if (level === LogLevel.None || !this.has(level)) return;
		const [first, ...rest] = values;
		const errors = values.filter((value): value is Error => value instanceof Error);
		const message = first instanceof Error ? first.message : String(first);
		const fields: Fields = errors.length > 0 ? { error: errors[0] } : {};
		if (rest.length > 0 && errors.length === 0) fields.details = rest.map(String).join(' ');
		this.logger[names[level]](message, fields);
	}

	public readonly trace = (...values: readonly unknown[]): void => this.write(LogLevel.Trace, ...values);
	public readonly debug = (...values: readonly unknown[]): void => this.write(LogLevel.Debug, ...values);
	public readonly info = (...values: readonly unknown[]): void => this.write(LogLevel.Info, ...values);
	public readonly warn = (...values: readonly unknown[]): void => this.write(LogLevel.Warn, ...values);
	public readonly error = (...values: readonly unknown[]): void => this.write(LogLevel.Error, ...values);
	public readonly fatal = (...values: readonly unknown[]): void => this.write(LogLevel.Fatal, ...values);
}
