/**
 * How a text cell (a CSV field) reads as a value: missing, a number, a boolean. Shared by every
 * reader of tabular text so that a dataset's profile and a drift report agree on what a column
 * holds. Pure; no locale.
 */

/**
 * The strings read as missing: pandas' default `na_values` (pandas 2.x `STR_NA_VALUES`), matched
 * exactly (case-sensitive) after the caller trims the cell. The empty string is one of them.
 */
export const NA_STRINGS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** Whether a (trimmed) cell is missing, by pandas' defaults. */
export function isNaString(text: string): boolean {
  return NA_STRINGS.has(text);
}

const STRICT_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell that is a plain decimal number (`7`, `-0.25`, `.5`, `3.`, `1e-3`) as a finite double,
 * else null. Stricter than `Number()`: no hex, binary or octal, no `Infinity`, no blanks, no
 * thousands separators, and nothing that overflows to ±Infinity (`1e999`).
 */
export function parseDecimal(text: string): number | null {
  if (!STRICT_DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** `true` / `false` in any letter case as a boolean, else null. */
export function parseBooleanText(text: string): boolean | null {
  switch (text.length === 4 || text.length === 5 ? text.toLowerCase() : '') {
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      return null;
  }
}
