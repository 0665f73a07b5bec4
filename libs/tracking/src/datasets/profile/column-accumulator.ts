/**
 * The streaming state of one column: everything needed to infer its kind and profile it once
 * the last row has been read, in memory bounded by 8 bytes per number (numeric candidates only),
 * at most DISTINCT_CAP distinct strings and one entry per distinct string length.
 */
import {
  DISTINCT_CAP,
  inferKind,
  isMissing,
  parseBoolean,
  parseFiniteNumber,
  parseIsoDatetime,
} from './infer-kind';
import {
  countDistinctSorted,
  histogramSorted,
  mean,
  orderStatisticsFromCounts,
  quantileGrid,
  sampleSorted,
  sampleStd,
} from './numeric-stats';
import type {
  CategoricalProfile,
  CategoryCount,
  ColumnKind,
  ColumnProfile,
  NumericProfile,
  TextProfile,
} from './profile.types';

const TOP_CATEGORIES = 100;
const SAMPLE_SIZE = 1000;
const HISTOGRAM_BINS = 20;

/** A Float64Array that doubles its capacity as values are appended. */
class GrowableFloat64 {
  private buffer = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  /** The values, sorted ascending in place; the accumulator must not be used afterwards. */
  sorted(): Float64Array {
    return this.buffer.subarray(0, this.length).sort();
  }
}

/** Unicode code points in a string (surrogate pairs count once), like Python's len(). */
function codePointLength(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Top categories by count desc, then value asc (code-unit order, locale-independent). */
function topCategories(
  counts: ReadonlyMap<string, number>,
): Pick<CategoricalProfile, 'categories' | 'otherCount'> {
  const all: CategoryCount[] = [...counts].map(([value, count]) => ({ value, count }));
  all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const categories = all.slice(0, TOP_CATEGORIES);
  let otherCount = 0;
  for (let i = TOP_CATEGORIES; i < all.length; i++) otherCount += (all[i] as CategoryCount).count;
  return { categories, otherCount };
}

/** Accumulates one column's values as rows stream by, then builds its profile. */
export class ColumnAccumulator {
  private count = 0;
  private missing = 0;
  /** Parsed numbers while every value so far is numeric; dropped at the first non-number. */
  private numbers: GrowableFloat64 | null = new GrowableFloat64();
  private allBoolean = true;
  private allDatetime = true;
  private minTime = Infinity;
  private maxTime = -Infinity;
  /** Exact counts of up to DISTINCT_CAP distinct strings; later new strings are not tracked. */
  private readonly counts = new Map<string, number>();
  private distinctCapped = false;
  /** String length (code points) → how many values have it. */
  private readonly lengths = new Map<number, number>();

  /** Adds one trimmed raw value. */
  add(value: string): void {
    if (isMissing(value)) {
      this.missing++;
      return;
    }
    this.count++;
    if (this.numbers !== null) {
      const n = parseFiniteNumber(value);
      if (n === null) this.numbers = null;
      else this.numbers.push(n);
    }
    if (this.allBoolean && parseBoolean(value) === null) this.allBoolean = false;
    if (this.allDatetime) {
      const time = parseIsoDatetime(value);
      if (time === null) this.allDatetime = false;
      else {
        if (time < this.minTime) this.minTime = time;
        if (time > this.maxTime) this.maxTime = time;
      }
    }
    const seen = this.counts.get(value);
    if (seen !== undefined) this.counts.set(value, seen + 1);
    else if (this.counts.size < DISTINCT_CAP) this.counts.set(value, 1);
    else this.distinctCapped = true;
    increment(this.lengths, codePointLength(value));
  }

  /** Infers the column's kind and builds its profile; call once, after the last row. */
  finish(rowCount: number): { kind: ColumnKind; profile: ColumnProfile } {
    const base = {
      count: this.count,
      missing: this.missing,
      missingShare: rowCount === 0 ? 0 : this.missing / rowCount,
    };
    const sorted = this.count > 0 && this.numbers !== null ? this.numbers.sorted() : null;
    this.numbers = null;
    const numericDistinct = sorted === null ? 0 : countDistinctSorted(sorted);
    const kind = inferKind({
      count: this.count,
      allNumeric: sorted !== null,
      numericDistinct,
      allBoolean: this.allBoolean,
      allDatetime: this.allDatetime,
      distinct: this.counts.size,
      distinctCapped: this.distinctCapped,
    });
    switch (kind) {
      case 'numeric':
        return { kind, profile: numericProfile(base, sorted as Float64Array, numericDistinct) };
      case 'binary':
        return {
          kind,
          profile: {
            kind,
            ...base,
            ...this.binaryCounts(sorted),
          },
        };
      case 'datetime':
        return {
          kind,
          profile: {
            kind,
            ...base,
            min: new Date(this.minTime).toISOString(),
            max: new Date(this.maxTime).toISOString(),
          },
        };
      case 'categorical':
        return {
          kind,
          profile: { kind, ...base, distinct: this.counts.size, ...topCategories(this.counts) },
        };
      case 'text':
        return { kind, profile: this.textProfile(base) };
    }
  }

  /** Category counts of a binary column: canonical numbers, or lower-case true/false. */
  private binaryCounts(
    sorted: Float64Array | null,
  ): Pick<CategoricalProfile, 'distinct' | 'categories' | 'otherCount'> {
    const counts = new Map<string, number>();
    if (sorted !== null) {
      // Sorted, so equal numbers are adjacent: one String() per distinct value.
      let start = 0;
      for (let i = 1; i <= sorted.length; i++) {
        if (i === sorted.length || sorted[i] !== sorted[start]) {
          counts.set(String(sorted[start]), i - start);
          start = i;
        }
      }
    } else {
      for (const [value, count] of this.counts) {
        const key = value.toLowerCase();
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
    }
    return { distinct: counts.size, ...topCategories(counts) };
  }

  private textProfile(base: Pick<TextProfile, 'count' | 'missing' | 'missingShare'>): TextProfile {
    const lengths = orderStatisticsFromCounts(this.lengths);
    let total = 0;
    for (const [length, count] of this.lengths) total += length * count;
    return {
      kind: 'text',
      ...base,
      distinct: this.counts.size,
      distinctCapped: this.distinctCapped,
      length: {
        min: lengths.at(0) as number,
        max: lengths.at(lengths.length - 1) as number,
        mean: total / lengths.length,
        quantiles: quantileGrid(lengths, 10),
      },
    };
  }
}

function numericProfile(
  base: Pick<NumericProfile, 'count' | 'missing' | 'missingShare'>,
  sorted: Float64Array,
  distinct: number,
): NumericProfile {
  const average = mean(sorted);
  return {
    kind: 'numeric',
    ...base,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    mean: average,
    std: sampleStd(sorted, average),
    quantiles: quantileGrid(sorted, 100),
    histogram: histogramSorted(sorted, HISTOGRAM_BINS),
    sample: sampleSorted(sorted, SAMPLE_SIZE),
    distinct,
    distinctCapped: false,
  };
}
