#!/usr/bin/env node
import 'reflect-metadata';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CliContext } from './cli-context';
import {
  artifactsGetCommand,
  artifactsListCommand,
  artifactsPutCommand,
} from './commands/artifacts';
import { driftCommand } from './commands/drift';
import { healthCommand } from './commands/health';
import { gateCommand } from './commands/gate';
import { logMetricCommand } from './commands/log-metric';
import {
  modelsAliasAtCommand,
  modelsDeleteAliasCommand,
  modelsHistoryCommand,
  modelsLineageCommand,
  modelsListCommand,
  modelsRegisterCommand,
  modelsSetAliasCommand,
  modelsShowCommand,
} from './commands/models';
import { loginCommand } from './commands/login';
import { logoutCommand } from './commands/logout';
import { runsCompareCommand, runsListCommand, runsShowCommand } from './commands/runs';
import { whoamiCommand } from './commands/whoami';
import { credentialsPath } from './credentials';
import { readClientEnv } from './env';
import { CliError, type Output, createOutput } from './output';
import { type CommandArgs, shieldNegativeNumbers, unshield } from './tracking/args';

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

Tracking (runs of the project given by --project P, else SEXTANT_PROJECT, else "default"):
  sextant runs list [--experiment E]... [--filter F] [--order-by "metrics.auc DESC"]...
                    [--limit N] [--view active|deleted|all] [--columns metrics.a,params.b]
                             the runs as a table: id, name, status, start, and the metrics and
                             params of the page (or the --columns); F is the filter language,
                             e.g. "metrics.auc > 0.8 and params.depth = '4'"
  sextant runs show <runId>  a run: code version, params, tags, latest metrics, datasets, artifacts
  sextant runs compare <runId> <runId>...
                             2 to 10 runs side by side; * marks the params that differ
  sextant log-metric <runId> <key> <value> [--step N] [--timestamp MS]
                             log one metric point (the value may be NaN, Infinity, -Infinity)
  sextant artifacts put <runId> <localFileOrDir> [<artifactPath>]
                             upload a file, or a folder's files keeping their relative paths;
                             symbolic links are skipped, never followed
  sextant artifacts get <runId> <artifactPath> [<dest>]
                             download a file, or every file under a folder path into dest;
                             nothing is written outside dest or through a symbolic link
  sextant artifacts list <runId> [--prefix P]
                             a run's artifacts

Model registry (same --project):
  sextant models list        registered models, their latest version and aliases
  sextant models show <model>
                             versions: status, aliases, run, sha256, size
  sextant models register <model> <runId> <artifactPath> [--alias A] [--feature-names a,b]
                             [--description D] [--reason R]
                             the run's ONNX artifact becomes the next version (validated; the
                             model is created when missing); --alias points an alias at it
  sextant models set-alias <model> <alias> <version> [--reason R]
  sextant models delete-alias <model> <alias> [--reason R]
  sextant models history <model> [--alias A]
                             every alias move, newest first (who, from, to, why)
  sextant models alias-at <model> <alias> <time>
                             what the alias pointed to at an ISO time or epoch milliseconds
  sextant models lineage <model> <version>
                             the version's run, datasets, code commit and artifact
  sextant gate <model> <candidateVersion> [--baseline ALIAS] --metric M[,lower][,threshold=X]
               [,min_abs=X][,min_rel=X]... [--promote] [--reason R]
                             a promotion gate against the version behind --baseline (default
                             champion), MLflow MetricThreshold semantics; prints the decision,
                             exits 3 when it fails; --promote moves the alias when it passes
  A run id may be shortened to its first characters (as \`runs list\` shows them, 4 at least).

Monitoring (computed here, no server needed: for CI jobs):
  sextant drift --reference ref.csv --current cur.csv [--tests psi,ks] [--columns a,b]
                [--kinds a=categorical,b=binary] [--drift-share 0.5]
                             a one-off drift report of two CSV files (header row; empty and NA
                             fields are missing): per column and test its kind, statistic,
                             p-value, threshold and decision, then the share of drifted columns;
                             without --tests Evidently's choice per column (KS / chi-square /
                             z-test up to 1000 reference rows, Wasserstein / Jensen-Shannon
                             above); a column drifts when any of its tests does; exits 3 when
                             the share reaches --drift-share (default 0.5)

Options:
  --url U                    the API (or the console, which proxies it)
  --api-key K                an API key (sx_…); prefer stdin or SEXTANT_API_KEY: argv is visible
                             to other users in \`ps\`
  --project P                the project of the tracking commands
  --json                     print one JSON document on stdout (errors: {"error":{"message","code"}})
  -h, --help                 this text

The API and key are taken from the flags, else SEXTANT_URL and SEXTANT_API_KEY, else what
\`sextant login\` stored in $XDG_CONFIG_HOME/sextant/credentials.json (default ~/.config/sextant),
else http://127.0.0.1:4000 without a key. A stored key is only sent to the URL it was stored for.

Exit codes: 0 done, 1 failed (the API refused or could not be reached), 2 bad command line,
3 the check ran and failed (\`sextant gate\`; \`sextant drift\`: dataset drift).

Environment: see .env.example (DATABASE_URL, KAFKA_BROKERS, SEXTANT_HOME, PORT, SEXTANT_URL, …).
`;

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

const PROJECT = { project: { type: 'string' } } as const satisfies Options;

/** A command: its options beyond the global ones, its positionals, and what runs it. */
interface CommandSpec {
  readonly usage: string;
  readonly options?: Options;
  readonly positionals?: { readonly min: number; readonly max: number };
  readonly run: (ctx: CliContext, args: CommandArgs) => Promise<void>;
}

const COMMANDS: Record<string, CommandSpec> = {
  health: { usage: 'sextant health', run: healthCommand },
  login: { usage: 'sextant login', run: loginCommand },
  logout: { usage: 'sextant logout', run: logoutCommand },
  whoami: { usage: 'sextant whoami', run: whoamiCommand },
  'runs list': {
    usage:
      'sextant runs list [--experiment E]... [--filter F] [--order-by T]... [--limit N] [--view V] [--columns C]',
    options: {
      ...PROJECT,
      experiment: { type: 'string', multiple: true },
      filter: { type: 'string' },
      'order-by': { type: 'string', multiple: true },
      limit: { type: 'string' },
      view: { type: 'string' },
      columns: { type: 'string', multiple: true },
    },
    run: runsListCommand,
  },
  'runs show': {
    usage: 'sextant runs show <runId>',
    options: PROJECT,
    positionals: { min: 1, max: 1 },
    run: runsShowCommand,
  },
  'runs compare': {
    usage: 'sextant runs compare <runId> <runId>...',
    options: PROJECT,
    positionals: { min: 2, max: 10 },
    run: runsCompareCommand,
  },
  'log-metric': {
    usage: 'sextant log-metric <runId> <key> <value> [--step N] [--timestamp MS]',
    options: { ...PROJECT, step: { type: 'string' }, timestamp: { type: 'string' } },
    positionals: { min: 3, max: 3 },
    run: logMetricCommand,
  },
  'artifacts put': {
    usage: 'sextant artifacts put <runId> <localFileOrDir> [<artifactPath>]',
    options: PROJECT,
    positionals: { min: 2, max: 3 },
    run: artifactsPutCommand,
  },
  'artifacts get': {
    usage: 'sextant artifacts get <runId> <artifactPath> [<dest>]',
    options: PROJECT,
    positionals: { min: 2, max: 3 },
    run: artifactsGetCommand,
  },
  'artifacts list': {
    usage: 'sextant artifacts list <runId> [--prefix P]',
    options: { ...PROJECT, prefix: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    run: artifactsListCommand,
  },
  'models list': { usage: 'sextant models list', options: PROJECT, run: modelsListCommand },
  'models show': {
    usage: 'sextant models show <model>',
    options: PROJECT,
    positionals: { min: 1, max: 1 },
    run: modelsShowCommand,
  },
  'models register': {
    usage:
      'sextant models register <model> <runId> <artifactPath> [--alias A] [--feature-names a,b] [--description D] [--reason R]',
    options: {
      ...PROJECT,
      alias: { type: 'string' },
      'feature-names': { type: 'string', multiple: true },
      description: { type: 'string' },
      reason: { type: 'string' },
    },
    positionals: { min: 3, max: 3 },
    run: modelsRegisterCommand,
  },
  'models set-alias': {
    usage: 'sextant models set-alias <model> <alias> <version> [--reason R]',
    options: { ...PROJECT, reason: { type: 'string' } },
    positionals: { min: 3, max: 3 },
    run: modelsSetAliasCommand,
  },
  'models delete-alias': {
    usage: 'sextant models delete-alias <model> <alias> [--reason R]',
    options: { ...PROJECT, reason: { type: 'string' } },
    positionals: { min: 2, max: 2 },
    run: modelsDeleteAliasCommand,
  },
  'models history': {
    usage: 'sextant models history <model> [--alias A]',
    options: { ...PROJECT, alias: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    run: modelsHistoryCommand,
  },
  'models alias-at': {
    usage: 'sextant models alias-at <model> <alias> <time>',
    options: PROJECT,
    positionals: { min: 3, max: 3 },
    run: modelsAliasAtCommand,
  },
  'models lineage': {
    usage: 'sextant models lineage <model> <version>',
    options: PROJECT,
    positionals: { min: 2, max: 2 },
    run: modelsLineageCommand,
  },
  gate: {
    usage:
      'sextant gate <model> <candidateVersion> [--baseline ALIAS] --metric M[,lower][,threshold=X][,min_abs=X][,min_rel=X]... [--promote] [--reason R]',
    options: {
      ...PROJECT,
      baseline: { type: 'string' },
      metric: { type: 'string', multiple: true },
      promote: { type: 'boolean' },
      reason: { type: 'string' },
    },
    positionals: { min: 2, max: 2 },
    run: gateCommand,
  },
  drift: {
    usage:
      'sextant drift --reference ref.csv --current cur.csv [--tests psi,ks] [--columns a,b] [--kinds a=categorical] [--drift-share 0.5]',
    options: {
      reference: { type: 'string' },
      current: { type: 'string' },
      tests: { type: 'string', multiple: true },
      columns: { type: 'string', multiple: true },
      kinds: { type: 'string', multiple: true },
      'drift-share': { type: 'string' },
    },
    run: driftCommand,
  },
};

/** Commands with subcommands: `sextant runs list`. */
const GROUPS = new Set(['runs', 'artifacts', 'models']);

/** Every option any command takes, to find the command before checking its own options. */
const ALL_OPTIONS: Options = Object.assign(
  {},
  GLOBAL_OPTIONS,
  ...Object.values(COMMANDS).map((c) => c.options ?? {}),
) as Options;
const STRING_OPTIONS = new Set(
  Object.entries(ALL_OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .map(([name]) => name),
);

async function main(argv: string[], out: Output): Promise<void> {
  const args = shieldNegativeNumbers(argv, STRING_OPTIONS);
  const first = parseArguments(args, ALL_OPTIONS);
  const words = first.positionals.map(unshield);
  const [command = 'help'] = words;
  if (first.values['help'] || command === 'help') {
    process.stdout.write(HELP);
    return;
  }

  if (command === 'up' || command === 'bootstrap') {
    const extra = words[1];
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`, 'USAGE', 2);
    parseArguments(args, GLOBAL_OPTIONS, `sextant ${command}`);
    // Loaded on demand: the platform's modules would slow every other command's start.
    if (command === 'bootstrap')
      return (await import('./commands/bootstrap.js')).bootstrapCommand(out);
    // `up` prints a log as it runs, not one document.
    if (first.values['json']) throw new CliError('`sextant up` has no --json output', 'USAGE', 2);
    return (await import('./commands/up.js')).up();
  }

  const grouped = GROUPS.has(command);
  const name = grouped ? `${command} ${words[1] ?? ''}`.trim() : command;
  const spec = COMMANDS[name];
  if (!spec) {
    if (!out.json && !grouped) process.stderr.write(HELP);
    const subcommands = Object.keys(COMMANDS)
      .filter((c) => c.startsWith(`${command} `))
      .map((c) => c.slice(command.length + 1));
    throw new CliError(
      grouped
        ? `\`sextant ${command}\` needs a subcommand: ${subcommands.join(', ')}${words[1] ? ` (not "${words[1]}")` : ''}`
        : `unknown command "${command}"`,
      'USAGE',
      2,
    );
  }
  const parsed = parseArguments(args, { ...GLOBAL_OPTIONS, ...spec.options }, `sextant ${name}`);
  const positionals = parsed.positionals.map(unshield).slice(grouped ? 2 : 1);
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (positionals.length > max) {
    throw new CliError(
      `unexpected argument "${positionals[max]}" (usage: ${spec.usage})`,
      'USAGE',
      2,
    );
  }
  if (positionals.length < min) {
    throw new CliError(`missing arguments (usage: ${spec.usage})`, 'USAGE', 2);
  }

  const env = readClientEnv();
  return spec.run(
    {
      out,
      env,
      flags: {
        url: parsed.values['url'] as string | undefined,
        apiKey: parsed.values['api-key'] as string | undefined,
      },
      credentialsFile: credentialsPath(env.XDG_CONFIG_HOME),
    },
    { positionals, values: parsed.values },
  );
}

function parseArguments(argv: string[], options: Options, command?: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown) {
      throw new CliError(
        `unknown option ${unknown[1]}${command ? ` for \`${command}\`` : ''} (see \`sextant help\`)`,
        'USAGE',
        2,
      );
    }
    throw new CliError(message, 'USAGE', 2);
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
