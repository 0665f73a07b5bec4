import { CliError } from '../output';

export interface ThresholdSpec {
  threshold?: number;
  minAbsoluteChange?: number;
  minRelativeChange?: number;
  greaterIsBetter: boolean;
}

const KEYS: Record<string, keyof Omit<ThresholdSpec, 'greaterIsBetter'>> = {
  threshold: 'threshold',
  min_abs: 'minAbsoluteChange',
  min_absolute_change: 'minAbsoluteChange',
  min_rel: 'minRelativeChange',
  min_relative_change: 'minRelativeChange',
};

const usage = (text: string, why: string) =>
  new CliError(
    `--metric "${text}": ${why} (form: <metric>[,higher|,lower][,threshold=X][,min_abs=X][,min_rel=X])`,
    'USAGE',
    2,
  );

/**
 * One `--metric` of `sextant gate`: `cv_accuracy,min_abs=0` or `loss,lower,threshold=0.5`.
 * Higher is better unless `lower` is given; at least one of threshold / min_abs / min_rel.
 * The metric name is everything before the first comma (metric keys may hold `=`, not `,`).
 */
export function parseMetricThreshold(text: string): [string, ThresholdSpec] {
  const [name = '', ...parts] = text.split(',').map((p) => p.trim());
  if (!name) throw usage(text, 'no metric name');
  const spec: ThresholdSpec = { greaterIsBetter: true };
  let direction: string | undefined;
  for (const part of parts) {
    if (part === 'higher' || part === 'lower') {
      if (direction && direction !== part) throw usage(text, 'both higher and lower');
      direction = part;
      spec.greaterIsBetter = part === 'higher';
      continue;
    }
    const m = /^([a-z_]+)=(.+)$/.exec(part);
    const key = m ? KEYS[m[1]!] : undefined;
    if (!m || !key)
      throw usage(text, `"${part}" is not higher, lower or one of threshold=, min_abs=, min_rel=`);
    const value = Number(m[2]);
    if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(m[2]!) || !Number.isFinite(value)) {
      throw usage(text, `${m[1]} must be a number, not "${m[2]}"`);
    }
    spec[key] = value;
  }
  if (
    spec.threshold === undefined &&
    spec.minAbsoluteChange === undefined &&
    spec.minRelativeChange === undefined
  ) {
    throw usage(text, 'give threshold=, min_abs= or min_rel=');
  }
  return [name, spec];
}

/** Every `--metric`, in order; a metric named twice is a usage error. */
export function parseMetricThresholds(texts: readonly string[]): Record<string, ThresholdSpec> {
  const out: Record<string, ThresholdSpec> = {};
  for (const text of texts) {
    const [name, spec] = parseMetricThreshold(text);
    if (name in out) throw usage(text, `metric "${name}" is given twice`);
    out[name] = spec;
  }
  return out;
}
