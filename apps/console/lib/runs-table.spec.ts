import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_SORT,
  MAX_COMPARED,
  duration,
  keysOf,
  nextSort,
  orderByOf,
  pageRange,
  parseColumnChoice,
  quoteKey,
  sortFromParams,
  sortToParams,
  toggleSelected,
} from './runs-table';

describe('orderByOf', () => {
  it('names metrics, params and attributes as the search language does', () => {
    expect(orderByOf({ column: { kind: 'metric', key: 'auc' }, direction: 'desc' })).toEqual([
      'metrics.auc DESC',
    ]);
    expect(orderByOf({ column: { kind: 'param', key: 'max_depth' }, direction: 'asc' })).toEqual([
      'params.max_depth ASC',
    ]);
    expect(orderByOf(DEFAULT_SORT)).toEqual(['attributes.start_time DESC']);
  });

  it('quotes a key the bare syntax cannot hold, doubling backticks', () => {
    expect(quoteKey('train.loss')).toBe('train.loss');
    expect(quoteKey('val loss')).toBe('`val loss`');
    expect(quoteKey('a`b')).toBe('`a``b`');
    expect(orderByOf({ column: { kind: 'metric', key: 'val loss' }, direction: 'desc' })).toEqual([
      'metrics.`val loss` DESC',
    ]);
  });
});

describe('nextSort', () => {
  it('sorts a new column descending, then toggles it', () => {
    const auc = { kind: 'metric', key: 'auc' } as const;
    const first = nextSort(DEFAULT_SORT, auc);
    expect(first).toEqual({ column: auc, direction: 'desc' });
    expect(nextSort(first, auc).direction).toBe('asc');
    expect(nextSort(nextSort(first, auc), auc).direction).toBe('desc');
  });
});

describe('sort in the URL', () => {
  it('round-trips, keys with colons included', () => {
    const sort = { column: { kind: 'metric', key: 'eval:auc' }, direction: 'asc' } as const;
    const p = sortToParams(sort);
    expect(p).toEqual({ sort: 'metric:eval:auc', dir: 'asc' });
    expect(sortFromParams(p.sort, p.dir)).toEqual(sort);
  });

  it('falls back to newest first for anything it cannot read', () => {
    expect(sortFromParams(null, null)).toEqual(DEFAULT_SORT);
    expect(sortFromParams('attribute:password', 'asc')).toEqual(DEFAULT_SORT);
    expect(sortFromParams('nonsense', 'asc')).toEqual(DEFAULT_SORT);
    expect(sortFromParams('metric:', 'asc')).toEqual(DEFAULT_SORT);
  });
});

describe('pageRange', () => {
  it('says which rows of how many are shown', () => {
    expect(pageRange(0, 50, 10_000)).toBe('1–50 of 10,000');
    expect(pageRange(9_950, 50, 10_000)).toBe('9,951–10,000 of 10,000');
    expect(pageRange(50, 10, 60)).toBe('51–60 of 60');
    expect(pageRange(0, 0, 0)).toBe('No runs');
  });
});

describe('parseColumnChoice', () => {
  it('reads back what was stored, and nothing else', () => {
    expect(parseColumnChoice('{"metrics":["auc"],"params":[]}')).toEqual({
      metrics: ['auc'],
      params: [],
    });
    expect(parseColumnChoice(null)).toBeNull();
    expect(parseColumnChoice('{')).toBeNull();
    expect(parseColumnChoice('{"metrics":[1],"params":[]}')).toBeNull();
    expect(parseColumnChoice('null')).toBeNull();
  });
});

describe('keysOf', () => {
  it('lists every key once, sorted', () => {
    expect(keysOf([{ b: 1, a: 2 }, { c: 3, a: 4 }, {}])).toEqual(['a', 'b', 'c']);
  });
});

describe('toggleSelected', () => {
  it('adds and removes a run', () => {
    expect(toggleSelected(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleSelected(['a', 'b'], 'a')).toEqual(['b']);
  });

  it(`selects at most ${MAX_COMPARED} runs`, () => {
    const ten = Array.from({ length: MAX_COMPARED }, (_, i) => `r${i}`);
    expect(toggleSelected(ten, 'eleventh')).toEqual(ten);
    expect(toggleSelected(ten, 'r3')).toHaveLength(MAX_COMPARED - 1);
  });
});

describe('duration', () => {
  it('reads like a person would say it', () => {
    const start = '2025-01-01T00:00:00.000Z';
    expect(duration(start, '2025-01-01T00:00:42.000Z')).toBe('42 s');
    expect(duration(start, '2025-01-01T00:03:20.000Z')).toBe('3 min 20 s');
    expect(duration(start, '2025-01-01T02:05:00.000Z')).toBe('2 h 5 min');
    expect(duration(start, null)).toBe('—');
  });
});
