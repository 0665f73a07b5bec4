import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { isColorSupported, prettyFactory } from 'pino-pretty';

export type { Logger };

/**
 * Logs with the service name on every record: JSON lines (one per record) for machines, or
 * human-readable lines (pino-pretty) for a person at a terminal.
 */
export function createLogger(options: {
  name: string;
  level?: string;
  destination?: NodeJS.WritableStream;
  /**
   * Human-readable lines instead of JSON. Default: when logging to stdout and stdout is a
   * terminal (`process.stdout.isTTY`); a pipe, a file or a log collector gets JSON.
   */
  pretty?: boolean;
}): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.apiKey', '*.key'], censor: '[redacted]' },
  };
  const pretty = options.pretty ?? (!options.destination && process.stdout.isTTY === true);
  if (pretty) {
    const out = options.destination ?? process.stdout;
    return pino(config, humanReadable(out, !options.destination && isColorSupported));
  }
  return options.destination ? pino(config, options.destination) : pino(config);
}

/**
 * Formats each record in the logging call itself (prettyFactory), not in pino-pretty's stream
 * pipeline, so that a line is written before the next statement runs and none is lost at exit.
 */
function humanReadable(out: NodeJS.WritableStream, colorize: boolean): DestinationStream {
  const format = prettyFactory({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    // The name is shown already, as "(tracking)"; pid and hostname are not recorded.
    ignore: 'service',
  });
  return {
    write(line: string) {
      out.write(format(line));
    },
  };
}
