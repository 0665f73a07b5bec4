#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { healthCommand } from './commands/health';
import { bootstrapCommand } from './commands/bootstrap';
import { up } from './commands/up';

const HELP = `sextant — CI/CD for machine learning

Usage:
  sextant up                 run the whole platform in one process (API :4000, console :3000)
  sextant bootstrap          apply migrations and create the first admin, printing its key once
                             (DATABASE_URL, else the embedded database)
  sextant health [--url U]   show each service's health (default U: http://127.0.0.1:4000)
  sextant help               this text

Environment: see .env.example (DATABASE_URL, KAFKA_BROKERS, SEXTANT_HOME, PORT, …).
`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:4000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'help'] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  switch (command) {
    case 'up':
      return up();
    case 'bootstrap':
      return bootstrapCommand();
    case 'health':
      return healthCommand(values.url);
    default:
      process.stderr.write(`unknown command "${command}"\n\n${HELP}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`sextant: ${(error as Error).message}\n`);
  process.exit(1);
});
