#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { CliContext } from './cli-context';
import { bootstrapCommand } from './commands/bootstrap';
import { healthCommand } from './commands/health';
import { loginCommand } from './commands/login';
import { logoutCommand } from './commands/logout';
import { up } from './commands/up';
import { whoamiCommand } from './commands/whoami';
import { credentialsPath } from './credentials';
import { readClientEnv } from './env';
import { CliError, type Output, createOutput } from './output';

const HELP = `sextant — CI/CD for machine learning

Usage:
  sextant up                 run the whole platform in one process (API :4000, console :3000)
  sextant bootstrap          apply migrations and create the first admin, printing its key once
                             (DATABASE_URL, else the embedded database)
  sextant login              check an API key and store it for later commands; the key is read
                             from stdin (a pipe's first line, or typed without echo) or --api-key
  sextant logout             remove the stored key (it stays valid until revoked)
  sextant whoami             show who the key signs in as
  sextant health             show each service's health
  sextant help               this text

Options:
  --url U                    the API (or the console, which proxies it)
  --api-key K                an API key (sx_…); prefer stdin or SEXTANT_API_KEY: argv is visible
                             to other users in \`ps\`
  --json                     print one JSON document on stdout (errors: {"error":{"message","code"}})
  -h, --help                 this text

The API and key are taken from the flags, else SEXTANT_URL and SEXTANT_API_KEY, else what
\`sextant login\` stored in $XDG_CONFIG_HOME/sextant/credentials.json (default ~/.config/sextant),
else http://127.0.0.1:4000 without a key. A stored key is only sent to the URL it was stored for.

Environment: see .env.example (DATABASE_URL, KAFKA_BROKERS, SEXTANT_HOME, PORT, SEXTANT_URL, …).
`;

type ClientCommand = (ctx: CliContext) => Promise<void>;
const CLIENT_COMMANDS: Record<string, ClientCommand> = {
  health: healthCommand,
  login: loginCommand,
  logout: logoutCommand,
  whoami: whoamiCommand,
};

async function main(argv: string[], out: Output): Promise<void> {
  const { positionals, values } = parseArguments(argv);
  const [command = 'help', ...extra] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (extra.length) throw new CliError(`unexpected argument "${extra[0]}"`, 'USAGE', 2);

  if (command === 'up') {
    // `up` prints a log as it runs, not one document.
    if (values.json) throw new CliError('`sextant up` has no --json output', 'USAGE', 2);
    return up();
  }
  if (command === 'bootstrap') return bootstrapCommand(out);
  const run = CLIENT_COMMANDS[command];
  if (!run) {
    if (!out.json) process.stderr.write(HELP);
    throw new CliError(`unknown command "${command}"`, 'USAGE', 2);
  }
  const env = readClientEnv();
  return run({
    out,
    env,
    flags: { url: values.url, apiKey: values['api-key'] },
    credentialsFile: credentialsPath(env.XDG_CONFIG_HOME),
  });
}

function parseArguments(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliError((error as Error).message, 'USAGE', 2);
  }
}

// `sextant health | head -1` closes the pipe early: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit();
  throw error;
});

const args = process.argv.slice(2);
// Known before parsing, so that even a bad flag is reported as JSON when --json was asked for.
const out = createOutput(args.includes('--json'));
main(args, out).catch((error: unknown) => {
  // exit() rather than exitCode: a failed `up` may have left servers holding the event loop.
  process.exit(out.error(error));
});
