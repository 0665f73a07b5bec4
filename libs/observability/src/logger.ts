import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** JSON logs on stdout (one line per record), with the service name on every line. */
export function createLogger(options: {
  name: string;
  level?: string;
  destination?: NodeJS.WritableStream;
}): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.apiKey', '*.key'], censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
