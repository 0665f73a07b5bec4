import { CliError } from '../output';

/** What the command line gave a command, once parsed: its positionals and its options. */
export interface CommandArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
}

const NEGATIVE_NUMBER = /^-(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity)$/i;
/** argv cannot hold a NUL, so a NUL-prefixed token is ours. */
const SHIELD = '\u0000';

/**
 * `sextant log-metric <run> loss -0.5 --step -1`: node's parseArgs would take `-0.5` for a short
 * option and refuse `--step -1`. A negative number after a string option becomes `--step=-1`;
 * anywhere else it is shielded as a positional (`unshield` gives it back).
 */
export function shieldNegativeNumbers(
  argv: readonly string[],
  stringOptions: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (
      token.startsWith('--') &&
      !token.includes('=') &&
      stringOptions.has(token.slice(2)) &&
      next !== undefined &&
      NEGATIVE_NUMBER.test(next)
    ) {
      out.push(`${token}=${next}`);
      i++;
    } else if (NEGATIVE_NUMBER.test(token)) {
      out.push(`${SHIELD}${token}`);
    } else {
      out.push(token);
    }
  }
  return out;
}

export function unshield(positional: string): string {
  return positional.startsWith(SHIELD) ? positional.slice(1) : positional;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A metric value as typed: a decimal number, `NaN`, `Infinity` / `inf` with a sign or not. */
export function parseMetricValue(text: string): number {
  const t = text.trim();
  if (/^nan$/i.test(t)) return Number.NaN;
  const inf = /^([+-]?)(?:inf|infinity)$/i.exec(t);
  if (inf) return inf[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!DECIMAL.test(t)) {
    throw new CliError(
      `not a metric value: "${text}" (a number, NaN, Infinity or -Infinity)`,
      'USAGE',
      2,
    );
  }
  const value = Number(t);
  // `1e999` overflows to Infinity: say so rather than store what was not typed.
  if (!Number.isFinite(value)) throw new CliError(`"${text}" is out of range`, 'USAGE', 2);
  return value;
}

/** An integer option (`--step -3`, `--limit 50`) within bounds, or a usage error naming it. */
export function parseInteger(
  name: string,
  text: string | undefined,
  bounds: { min: number; max: number },
): number | undefined {
  if (text === undefined) return undefined;
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    throw new CliError(
      `--${name} must be an integer from ${bounds.min} to ${bounds.max}, not "${text}"`,
      'USAGE',
      2,
    );
  }
  return value;
}

/** A string option given once at most (parseArgs keeps the last; a list means `multiple`). */
export function stringValue(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string option, each occurrence also split at commas when `splitCommas`. */
export function stringList(args: CommandArgs, name: string, splitCommas = false): string[] {
  const v = args.values[name];
  const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  return splitCommas
    ? list.flatMap((s) => s.split(',').map((x) => x.trim())).filter((s) => s.length > 0)
    : list;
}
