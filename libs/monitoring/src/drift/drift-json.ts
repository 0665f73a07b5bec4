import type {
  DriftColumnValues,
  DriftReport,
  DriftReportJson,
  DriftTableJson,
  JsonNumber,
} from './drift.types';
import { Problems } from './problems';

/** A number as JSON holds it: NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
export function toJsonNumber(value: number): JsonNumber {
  if (Number.isFinite(value)) return value;
  if (value !== value) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** Details with their non-finite numbers encoded too (JSON would turn them into null). */
function jsonDetails(value: unknown): unknown {
  if (typeof value === 'number') return toJsonNumber(value);
  if (Array.isArray(value)) return value.map(jsonDetails);
  if (value instanceof Float64Array) return Array.from(value, toJsonNumber);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonDetails(v)]));
  return value;
}

/** The report as the API and `sextant drift --json` give it. */
export function driftReportToJson(report: DriftReport): DriftReportJson {
  return {
    ...report,
    columns: report.columns.map((c) => ({
      ...c,
      tests: c.tests.map((t) => ({
        ...t,
        statistic: toJsonNumber(t.statistic),
        ...(t.pValue === undefined ? {} : { pValue: toJsonNumber(t.pValue) }),
        ...(t.details === undefined
          ? {}
          : { details: jsonDetails(t.details) as Record<string, unknown> }),
      })),
    })),
  };
}

/**
 * A table from JSON as `computeDrift` takes it: a column of numbers (null = missing) becomes a
 * Float64Array (NaN = missing); a column of strings stays. A column mixing numbers and strings
 * is a BAD_REQUEST naming its first odd value (`reference.columns.<name>.<index>`).
 */
export function driftTableFromJson(
  table: DriftTableJson,
  side: 'reference' | 'current',
  problems: Problems = new Problems(),
): { columns: Record<string, DriftColumnValues> } {
  const columns: [string, DriftColumnValues][] = [];
  for (const [name, values] of Object.entries(table.columns)) {
    const first = values.find((v) => v !== null);
    if (typeof first !== 'number') {
      // Strings, or no value at all (computeDrift says so).
      const odd = values.findIndex((v) => typeof v === 'number');
      if (odd !== -1)
        problems.add(
          `${side}.columns.${name}.${odd}`,
          `column '${name}' mixes numbers and strings (a column holds one kind of value)`,
        );
      columns.push([name, values as (string | null)[]]);
      continue;
    }
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'number') out[i] = v;
      else if (v === null) out[i] = NaN;
      else {
        problems.add(
          `${side}.columns.${name}.${i}`,
          `column '${name}' mixes numbers and strings (a column holds one kind of value)`,
        );
        break;
      }
    }
    columns.push([name, out]);
  }
  // fromEntries defines own properties: a column named `__proto__` stays a column.
  return { columns: Object.fromEntries(columns) };
}
