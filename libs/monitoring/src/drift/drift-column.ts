import type { ColumnKind, DriftCurrent, DriftReference } from '@sextant/plugin-sdk';
import {
  type CategoricalReference,
  type ReferenceProfile,
  buildReferenceProfile,
  countCategories,
  parseBooleanText,
  ascendingSample,
  finiteSortedCopy,
} from '@sextant/stats';
import type { DriftColumnValues } from './drift.types';
import type { Problems } from './problems';

type Side = 'reference' | 'current';

/** One side of a column: what its values are, and how many are missing. */
type SideValues =
  | {
      type: 'number';
      values: Float64Array;
      count: number;
      missing: number;
      /** The finite values ascending, when the side was read by sorting it. */
      sorted?: Float64Array;
    }
  | { type: 'string'; values: readonly (string | null)[]; count: number; missing: number };

/**
 * One side's values: numbers with ±Infinity read as missing (NaN), as Evidently drops them
 * (copied only if there are any), and the count of present values — in one pass.
 */
function sideValues(values: DriftColumnValues): SideValues {
  if (values instanceof Float64Array) {
    let finite: Float64Array | null = null;
    let count = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v - v === 0) count++;
      else if (v === v) {
        finite ??= Float64Array.from(values);
        finite[i] = NaN;
      }
    }
    return { type: 'number', values: finite ?? values, count, missing: values.length - count };
  }
  let count = 0;
  for (const v of values) if (v !== null && v !== undefined) count++;
  return { type: 'string', values, count, missing: values.length - count };
}

/**
 * The current window's side. Numbers to be compared as numbers are read by sorting them (the
 * window is sorted anyway): ±Infinity and NaN fall at the ends of the sorted copy, so the count
 * needs no pass of its own. `values` stays as given — category labels skip the non-finite.
 */
function currentSideValues(
  values: DriftColumnValues,
  givenKind: ColumnKind | undefined,
): SideValues {
  if (!(values instanceof Float64Array) || givenKind === 'categorical') return sideValues(values);
  const { sorted, missing } = finiteSortedCopy(values);
  return { type: 'number', values, count: sorted.length, missing, sorted };
}

/**
 * What a numeric reference array yields, by the caller's array: a monitor (or any caller) that
 * passes the same Float64Array again gets the side values read and the profile built the first
 * time — read and sorted once per reference. Held weakly: dropped with the array.
 */
const referenceSides = new WeakMap<Float64Array, SideValues>();
const profiles = new WeakMap<Float64Array, ReferenceProfile>();

function referenceSideValues(reference: DriftColumnValues): SideValues {
  if (!(reference instanceof Float64Array)) return sideValues(reference);
  let side = referenceSides.get(reference);
  if (!side) {
    side = sideValues(reference);
    referenceSides.set(reference, side);
  }
  return side;
}

function cachedProfile(
  reference: DriftColumnValues,
  givenKind: ColumnKind | undefined,
  build: () => ReferenceProfile,
): ReferenceProfile {
  if (!(reference instanceof Float64Array) || givenKind === 'text_length') return build();
  let profile = profiles.get(reference);
  if (!profile) {
    profile = build();
    profiles.set(reference, profile);
  }
  return profile;
}

/** Numbers as category labels (`String(x)`; NaN and ±Infinity → null, missing). */
function numbersAsStrings(values: Float64Array): (string | null)[] {
  const out = new Array<string | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v - v === 0 ? String(v) : null;
  }
  return out;
}

/** Strings as their lengths in code points (NaN for missing), for `text_length`. */
function stringLengths(values: readonly (string | null)[]): Float64Array {
  const out = new Float64Array(values.length);
  values.forEach((v, i) => {
    if (v === null || v === undefined) out[i] = NaN;
    else {
      let n = 0;
      for (const _ of v) n++;
      out[i] = n;
    }
  });
  return out;
}

/** When every value of both sides is true/false (any case): the values in lower case, else null. */
function canonicalBooleans(
  a: readonly (string | null)[],
  b: readonly (string | null)[],
): [(string | null)[], (string | null)[]] | null {
  const canonical = (values: readonly (string | null)[]): (string | null)[] | null => {
    const out = new Array<string | null>(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) out[i] = null;
      else {
        const b = parseBooleanText(v);
        if (b === null) return null;
        out[i] = b ? 'true' : 'false';
      }
    }
    return out;
  };
  const ca = canonical(a);
  const cb = ca && canonical(b);
  return ca && cb ? [ca, cb] : null;
}

/**
 * Numbers are counted as distinct up to this many (what the automatic choice needs is ≤ 5 or
 * more); a column with more reads `DISTINCT_LIMIT + 1`, `distinctCapped`.
 */
export const DISTINCT_LIMIT = 1000;

/** Distinct values of two ascending NaN-free arrays together, by one merge, up to `limit + 1`. */
function distinctOfSorted(a: Float64Array, b: Float64Array, limit: number): number {
  let i = 0;
  let j = 0;
  let n = 0;
  let last = NaN;
  while ((i < a.length || j < b.length) && n <= limit) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (v !== last) {
      n++;
      last = v;
    }
  }
  return n;
}

function example(values: readonly (string | null)[]): string {
  const v = values.find((x) => x !== null && x !== undefined);
  return v === undefined ? '' : ` (e.g. '${v.length > 40 ? `${v.slice(0, 40)}…` : v}')`;
}

/** A column given as binary must hold at most 2 distinct values. */
function binaryFits(
  name: string,
  givenKind: ColumnKind | undefined,
  distinct: number,
  problems: Problems,
): boolean {
  if (givenKind !== 'binary' || distinct <= 2) return true;
  problems.add(
    `kinds.${name}`,
    `'binary' needs at most 2 distinct values, column '${name}' has ${distinct > DISTINCT_LIMIT ? `more than ${DISTINCT_LIMIT}` : distinct}`,
  );
  return false;
}

interface NumericForm {
  reference: ReferenceProfile;
  current: Float64Array;
}
interface CategoricalForm {
  reference: CategoricalReference;
  current: readonly (string | null)[];
}

/**
 * One column of a drift request, checked and ready: its kind (given, or detected from the
 * values), and its reference and current samples in the forms drift tests take, each built at
 * most once — the reference profile (sorted once) and the current window sorted once, shared by
 * every test of the column.
 */
export class DriftColumn {
  private numericForm: NumericForm | undefined;
  private categoricalForm: CategoricalForm | undefined;

  private constructor(
    readonly name: string,
    readonly kind: ColumnKind,
    readonly kindSource: 'detected' | 'given',
    readonly reference: { count: number; missing: number },
    readonly current: { count: number; missing: number },
    /** Both sides hold numbers (so numeric tests may run even on a detected binary column). */
    readonly numeric: boolean,
    private readonly values: { reference: SideValues; current: SideValues },
    readonly distinct: number,
    numericForm: NumericForm | undefined,
    categoricalForm: CategoricalForm | undefined,
  ) {
    this.numericForm = numericForm;
    this.categoricalForm = categoricalForm;
  }

  /**
   * Checks a column and detects its kind. Problems (no values on a side, numbers on one side and
   * strings on the other, a given kind the values cannot take) go to `problems`, naming the
   * field; the column is then undefined.
   */
  static prepare(
    name: string,
    reference: DriftColumnValues,
    current: DriftColumnValues,
    givenKind: ColumnKind | undefined,
    problems: Problems,
  ): DriftColumn | undefined {
    const sides = {
      reference: referenceSideValues(reference),
      current: currentSideValues(current, givenKind),
    };
    let ok = true;
    for (const side of ['reference', 'current'] as const) {
      const s = sides[side];
      if (s.count === 0) {
        problems.add(
          `${side}.columns.${name}`,
          `column '${name}' has no values in ${side} (all ${s.missing} missing)`,
        );
        ok = false;
      }
    }
    if (!ok) return undefined;
    const { reference: ref, current: cur } = sides;
    const counts = (s: SideValues) => ({ count: s.count, missing: s.missing });

    if (givenKind === 'numeric' || givenKind === 'text_length') {
      const needed = givenKind === 'numeric' ? 'number' : 'string';
      const wrong = (['reference', 'current'] as const).find((side) => sides[side].type !== needed);
      if (wrong !== undefined) {
        problems.add(
          `kinds.${name}`,
          `'${givenKind}' needs ${needed === 'number' ? 'numbers' : 'strings'}, but column '${name}' holds ${needed === 'number' ? 'strings' : 'numbers'} in ${wrong}`,
        );
        return undefined;
      }
    } else if (givenKind === undefined && ref.type !== cur.type) {
      const stringSide: Side = ref.type === 'string' ? 'reference' : 'current';
      const numberSide: Side = stringSide === 'reference' ? 'current' : 'reference';
      const strings = sides[stringSide].values as readonly (string | null)[];
      problems.add(
        `${stringSide}.columns.${name}`,
        `column '${name}' holds strings${example(strings)} in ${stringSide} but numbers in ${numberSide}; give kinds.${name} = 'categorical' to compare its values as categories`,
      );
      return undefined;
    }

    // Numbers on both sides compared as numbers, or string lengths: the reference profile
    // (sorted once) and the sorted window.
    const asNumbers =
      givenKind === 'text_length'
        ? {
            reference: stringLengths(ref.values as readonly (string | null)[]),
            current: stringLengths(cur.values as readonly (string | null)[]),
          }
        : ref.type === 'number' && cur.type === 'number' && givenKind !== 'categorical'
          ? { reference: ref.values, current: cur.sorted ?? cur.values }
          : null;
    if (asNumbers) {
      const form: NumericForm = {
        reference: cachedProfile(reference, givenKind, () =>
          buildReferenceProfile(asNumbers.reference),
        ),
        current: ascendingSample(asNumbers.current),
      };
      const distinct = distinctOfSorted(form.reference.sorted, form.current, DISTINCT_LIMIT);
      if (!binaryFits(name, givenKind, distinct, problems)) return undefined;
      const kind = givenKind ?? (distinct === 2 ? 'binary' : 'numeric');
      return new DriftColumn(
        name,
        kind,
        givenKind ? 'given' : 'detected',
        counts(ref),
        counts(cur),
        givenKind !== 'text_length',
        sides,
        distinct,
        form,
        undefined,
      );
    }

    // Strings (or numbers given as categories): category counts.
    let refStrings = ref.type === 'number' ? numbersAsStrings(ref.values) : ref.values;
    let curStrings = cur.type === 'number' ? numbersAsStrings(cur.values) : cur.values;
    const booleans = canonicalBooleans(refStrings, curStrings);
    if (booleans) [refStrings, curStrings] = booleans;
    const refCounts = countCategories(refStrings);
    const keys = new Set(refCounts.categories.keys());
    for (const v of curStrings) if (v !== null && v !== undefined) keys.add(v);
    const distinct = Math.min(keys.size, DISTINCT_LIMIT + 1);
    if (!binaryFits(name, givenKind, distinct, problems)) return undefined;
    const kind = givenKind ?? (booleans ? 'binary' : 'categorical');
    return new DriftColumn(
      name,
      kind,
      givenKind ? 'given' : 'detected',
      counts(ref),
      counts(cur),
      false,
      sides,
      distinct,
      undefined,
      { reference: { kind: 'categorical', ...refCounts }, current: curStrings },
    );
  }

  /**
   * The kind a test compares this column as: the column's kind when the test supports it; a
   * numeric test on a column of numbers detected as binary (0/1) compares it as numbers; else
   * undefined (the test does not apply).
   */
  comparedAs(supports: readonly ColumnKind[]): ColumnKind | undefined {
    if (supports.includes(this.kind)) return this.kind;
    if (this.numeric && this.kindSource === 'detected' && supports.includes('numeric'))
      return 'numeric';
    return undefined;
  }

  /** The reference and current window as a test takes them when comparing as `as`. */
  inputs(as: ColumnKind): { reference: DriftReference; current: DriftCurrent } {
    if (as === 'numeric' || as === 'text_length') return this.numericInputs();
    return this.categoricalInputs();
  }

  private numericInputs(): NumericForm {
    // Numeric and text-length columns are profiled when prepared; categories never get here.
    if (!this.numericForm) throw new Error(`column '${this.name}' has no numeric form`);
    return this.numericForm;
  }

  private categoricalInputs(): CategoricalForm {
    if (!this.categoricalForm) {
      // Numbers compared as categories (a low-cardinality numeric column, or a binary 0/1 one).
      const ref = this.values.reference;
      const cur = this.values.current;
      const refStrings = ref.type === 'number' ? numbersAsStrings(ref.values) : ref.values;
      const curStrings = cur.type === 'number' ? numbersAsStrings(cur.values) : cur.values;
      this.categoricalForm = {
        reference: { kind: 'categorical', ...countCategories(refStrings) },
        current: curStrings,
      };
    }
    return this.categoricalForm;
  }
}
