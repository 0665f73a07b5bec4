/**
 * How raw CSV strings are read (missing, number, boolean, ISO datetime) and how a column's kind
 * is inferred from what its values turned out to be.
 */
import { NA_STRINGS } from '@sextant/stats';
import type { ColumnKind } from './profile.types';

/**
 * Strings read as missing: pandas' default `na_values` (pandas 2.x `STR_NA_VALUES`), compared
 * after trimming, case-sensitively, quoted or not — one list with monitoring's CSV reader.
 */
export const NA_VALUES: ReadonlySet<string> = NA_STRINGS;

/** Distinct values tracked per column; past it a column counts as text. */
export const DISTINCT_CAP = 10_000;

/** Whether a (trimmed) value is missing. */
export function isMissing(value: string): boolean {
  return NA_VALUES.has(value);
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A decimal number (`12`, `-3.5`, `.5`, `1e-3`) as a finite float, else null. Hex, `inf`,
 * `Infinity`, thousands separators and values overflowing to ±Infinity are not numbers.
 */
export function parseFiniteNumber(value: string): number | null {
  if (!DECIMAL.test(value)) return null;
  // Unary plus and n - n (NaN for ±Infinity): no global lookups, slow inside jest's vm context.
  const n = +value;
  return n - n === 0 ? n : null;
}

/** `true` / `false` in any case, else null. */
export function parseBoolean(value: string): boolean | null {
  if (value.length !== 4 && value.length !== 5) return null;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return null;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * An ISO-8601 date (`2024-03-01`) or datetime (`2024-03-01T12:30`, `…:05.123Z`, `… 12:30:05+02:00`;
 * `T` or a space) as epoch milliseconds, else null. A value without an offset is read as UTC,
 * so results never depend on the server's time zone; digits past milliseconds are truncated.
 */
export function parseIsoDatetime(value: string): number | null {
  const m = ISO_DATETIME.exec(value);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime() - offsetMinutes * 60_000;
}

/** What a column's values turned out to be, gathered while streaming. */
export interface KindEvidence {
  /** Non-missing values. */
  count: number;
  /** Every non-missing value is a finite decimal number. */
  allNumeric: boolean;
  /** Distinct numbers (when allNumeric). */
  numericDistinct: number;
  /** Every non-missing value is true/false (any case). */
  allBoolean: boolean;
  /** Every non-missing value is an ISO-8601 date or datetime. */
  allDatetime: boolean;
  /** Distinct strings; a lower bound when distinctCapped. */
  distinct: number;
  /** More than DISTINCT_CAP distinct strings were seen. */
  distinctCapped: boolean;
}

/**
 * The kind of a column, Evidently-like, from its non-missing values, first rule that applies:
 * 1. no non-missing value → `categorical` (with count 0);
 * 2. all finite numbers → `binary` if exactly 2 distinct numbers (e.g. 0/1), else `numeric`;
 * 3. all `true`/`false` (any case) → `binary`;
 * 4. all ISO-8601 dates/datetimes → `datetime`;
 * 5. other strings → `categorical` when distinct ≤ max(20, 5% of non-missing values) and at most
 *    DISTINCT_CAP (10,000), so category counts stay exact; else `text`.
 */
export function inferKind(evidence: KindEvidence): ColumnKind {
  if (evidence.count === 0) return 'categorical';
  if (evidence.allNumeric) return evidence.numericDistinct === 2 ? 'binary' : 'numeric';
  if (evidence.allBoolean) return 'binary';
  if (evidence.allDatetime) return 'datetime';
  const threshold = Math.min(DISTINCT_CAP, Math.max(20, Math.floor(0.05 * evidence.count)));
  return !evidence.distinctCapped && evidence.distinct <= threshold ? 'categorical' : 'text';
}
