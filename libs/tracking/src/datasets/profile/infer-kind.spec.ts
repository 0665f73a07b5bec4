import {
  DISTINCT_CAP,
  inferKind,
  isMissing,
  parseBoolean,
  parseFiniteNumber,
  parseIsoDatetime,
  type KindEvidence,
} from './infer-kind';

describe('isMissing', () => {
  it("reads pandas' default na_values as missing, case-sensitively", () => {
    // pandas 2.x pandas._libs.parsers.STR_NA_VALUES
    for (const na of ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', 'null', 'NULL', 'None']) {
      expect(isMissing(na)).toBe(true);
    }
    for (const na of ['#N/A', '#N/A N/A', '#NA', '<NA>', '-nan', '1.#IND', '1.#QNAN']) {
      expect(isMissing(na)).toBe(true);
    }
    for (const value of ['none', 'na', 'Null', '0', '-', 'N']) expect(isMissing(value)).toBe(false);
  });
});

describe('parseFiniteNumber', () => {
  it('reads decimal numbers', () => {
    expect(['1', '-2.5', '+.5', '5.', '1e3', '1E-2', '007'].map(parseFiniteNumber)).toEqual([
      1, -2.5, 0.5, 5, 1000, 0.01, 7,
    ]);
  });

  it('rejects non-finite and non-decimal spellings', () => {
    for (const value of [
      'inf',
      'Infinity',
      '0x10',
      '1,000',
      '1_000',
      '1e400',
      'abc',
      '1.2.3',
      '.',
    ]) {
      expect(parseFiniteNumber(value)).toBeNull();
    }
  });
});

describe('parseBoolean', () => {
  it('reads true/false in any case only', () => {
    expect(['true', 'FALSE', 'True', 'fAlSe'].map(parseBoolean)).toEqual([
      true,
      false,
      true,
      false,
    ]);
    for (const value of ['yes', '1', 't', 'truee']) expect(parseBoolean(value)).toBeNull();
  });
});

describe('parseIsoDatetime', () => {
  const iso = (value: string): string | null => {
    const time = parseIsoDatetime(value);
    return time === null ? null : new Date(time).toISOString();
  };

  it('reads dates and datetimes, naive ones as UTC', () => {
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('2024-03-01 10:15')).toBe('2024-03-01T10:15:00.000Z');
    expect(iso('2024-03-01t10:15:00z')).toBe('2024-03-01T10:15:00.000Z');
    // Python: datetime.fromisoformat('2024-03-01T12:30:05.123456+05:30').astimezone(timezone.utc)
    // = 2024-03-01T07:00:05.123456+00:00 (we keep milliseconds)
    expect(iso('2024-03-01T12:30:05.123456+05:30')).toBe('2024-03-01T07:00:05.123Z');
    expect(iso('2024-03-01T00:30-0100')).toBe('2024-03-01T01:30:00.000Z');
    // Years below 100 stay themselves (Date.UTC would map 99 to 1999).
    expect(iso('0099-01-01')).toBe('0099-01-01T00:00:00.000Z');
  });

  it('rejects impossible or non-ISO values', () => {
    for (const value of [
      '2023-02-29',
      '2024-13-01',
      '2024-04-31',
      '2024-01-01T24:00',
      '20240101',
    ]) {
      expect(parseIsoDatetime(value)).toBeNull();
    }
    for (const value of ['2024-1-1', '01/02/2024', '2024-01-01T10', '2024-01-01T10:00+25:00']) {
      expect(parseIsoDatetime(value)).toBeNull();
    }
  });
});

describe('inferKind', () => {
  const strings = (count: number, distinct: number, distinctCapped = false): KindEvidence => ({
    count,
    allNumeric: false,
    numericDistinct: 0,
    allBoolean: false,
    allDatetime: false,
    distinct,
    distinctCapped,
  });

  it('calls an all-missing column categorical', () => {
    expect(inferKind({ ...strings(0, 0), allNumeric: true, allBoolean: true })).toBe('categorical');
  });

  it('calls numbers binary when exactly two distinct, else numeric', () => {
    const numbers = { ...strings(100, 2), allNumeric: true };
    expect(inferKind({ ...numbers, numericDistinct: 2 })).toBe('binary');
    expect(inferKind({ ...numbers, numericDistinct: 1 })).toBe('numeric');
    expect(inferKind({ ...numbers, numericDistinct: 3 })).toBe('numeric');
  });

  it('calls true/false binary and ISO dates datetime', () => {
    expect(inferKind({ ...strings(10, 2), allBoolean: true })).toBe('binary');
    expect(inferKind({ ...strings(10, 10), allDatetime: true })).toBe('datetime');
  });

  it('calls strings categorical up to max(20, 5% of values) distinct, else text', () => {
    expect(inferKind(strings(100, 20))).toBe('categorical');
    expect(inferKind(strings(100, 21))).toBe('text');
    expect(inferKind(strings(1000, 50))).toBe('categorical');
    expect(inferKind(strings(1000, 51))).toBe('text');
    // 5% of 1,000,000 is 50,000, but categories are only counted up to DISTINCT_CAP.
    expect(inferKind(strings(1_000_000, DISTINCT_CAP))).toBe('categorical');
    expect(inferKind(strings(1_000_000, DISTINCT_CAP, true))).toBe('text');
  });
});
