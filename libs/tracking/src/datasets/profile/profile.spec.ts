import { AppError } from '@sextant/errors';
import { profileCsv } from './profile';
import type {
  CategoricalProfile,
  DatetimeProfile,
  NumericProfile,
  TextProfile,
} from './profile.types';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncIterable<string | Uint8Array> {
  for (const part of parts) yield part;
}

function csv(text: string): AsyncIterable<string> {
  return chunks(text) as AsyncIterable<string>;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('profileCsv', () => {
  it('profiles x = 1..10 like numpy', async () => {
    const profile = await profileCsv(
      csv(`x\n${[...Array(10).keys()].map((i) => i + 1).join('\n')}\n`),
    );
    expect(profile).toMatchObject({ version: 1, format: 'csv', rowCount: 10 });
    expect(profile.columns).toEqual([{ name: 'x', kind: 'numeric' }]);
    const x = profile.profiles.x as NumericProfile;
    expect(x).toMatchObject({ kind: 'numeric', count: 10, missing: 0, missingShare: 0 });
    expect(x).toMatchObject({ min: 1, max: 10, mean: 5.5, distinct: 10, distinctCapped: false });
    // numpy 2.4: np.std(np.arange(1, 11), ddof=1) = 3.0276503540974917
    expect(x.std).toBeCloseTo(3.0276503540974917, 12);
    expect(x.quantiles).toHaveLength(101);
    const q = new Map(x.quantiles.map(({ p, value }) => [p, value]));
    // numpy 2.4: np.quantile(np.arange(1, 11), [0, .01, .25, .5, .75, .99, 1]) =
    // [1.0, 1.09, 3.25, 5.5, 7.75, 9.91, 10.0]
    expect(q.get(0)).toBe(1);
    expect(q.get(0.01)).toBeCloseTo(1.09, 12);
    expect(q.get(0.25)).toBe(3.25);
    expect(q.get(0.5)).toBe(5.5);
    expect(q.get(0.75)).toBe(7.75);
    expect(q.get(0.99)).toBeCloseTo(9.91, 12);
    expect(q.get(1)).toBe(10);
    // numpy linear quantile of 1..10 is 1 + 9p at every p.
    for (const { p, value } of x.quantiles) expect(value).toBeCloseTo(1 + 9 * p, 12);
    // numpy 2.4: np.histogram(np.arange(1, 11), bins=20)
    expect(x.histogram.counts).toEqual([
      1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
    ]);
    const edges = [1.0, 1.45, 1.9, 2.35, 2.8, 3.25, 3.7, 4.15, 4.6, 5.05, 5.5, 5.95, 6.4];
    edges.push(6.8500000000000005, 7.3, 7.75, 8.2, 8.65, 9.1, 9.55, 10.0);
    x.histogram.edges.forEach((edge, i) => expect(edge).toBeCloseTo(edges[i] as number, 12));
    expect(x.sample).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('builds a histogram with repeated values and a closed last bin like np.histogram', async () => {
    const values = [10, 0, 0.5, 1, 1, 1.5, 2, 2.5, 3, 7, 10, 10];
    const x = (await profileCsv(csv(`y\n${values.join('\n')}`))).profiles.y as NumericProfile;
    // numpy 2.4: np.histogram([0, .5, 1, 1, 1.5, 2, 2.5, 3, 7, 10, 10, 10], bins=20)
    expect(x.histogram.counts).toEqual([
      1, 1, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 3,
    ]);
    expect(x.histogram.edges).toEqual([...Array(21).keys()].map((i) => i * 0.5));
    // numpy 2.4: np.quantile(y, [.1, .33, .9]) = [0.55, 1.315, 10.0]; mean 4.041666666666667;
    // np.std(y, ddof=1) = 4.008277420387451
    const q = new Map(x.quantiles.map(({ p, value }) => [p, value]));
    expect(q.get(0.1)).toBeCloseTo(0.55, 12);
    expect(q.get(0.33)).toBeCloseTo(1.315, 12);
    expect(q.get(0.9)).toBe(10);
    expect(x.mean).toBeCloseTo(4.041666666666667, 12);
    expect(x.std).toBeCloseTo(4.008277420387451, 12);
    expect(x.distinct).toBe(9);
    expect(x.sample).toEqual([0, 0.5, 1, 1, 1.5, 2, 2.5, 3, 7, 10, 10, 10]);
  });

  it('infers kinds of an iris-like dataset', async () => {
    const text = [
      'sepal_length,sepal_width,species,is_setosa,measured_on',
      '5.1,3.5,setosa,1,2024-03-01',
      '4.9,3.0,setosa,1,2024-03-01T23:30:00+02:00',
      '4.7,3.2,setosa,1,2023-12-31 08:00:00Z',
      '7.0,3.2,versicolor,0,2024-01-15',
      '6.4,3.2,versicolor,0,2024-01-15',
      '6.3,3.3,virginica,0,2024-02-29',
      '5.8,2.7,virginica,0,2024-02-29',
    ].join('\r\n');
    const profile = await profileCsv(csv(text));
    expect(profile.rowCount).toBe(7);
    expect(profile.columns).toEqual([
      { name: 'sepal_length', kind: 'numeric' },
      { name: 'sepal_width', kind: 'numeric' },
      { name: 'species', kind: 'categorical' },
      { name: 'is_setosa', kind: 'binary' },
      { name: 'measured_on', kind: 'datetime' },
    ]);
    const sl = profile.profiles.sepal_length as NumericProfile;
    // numpy 2.4 on [5.1, 4.9, 4.7, 7.0, 6.4, 6.3, 5.8]: mean 5.742857142857142,
    // std(ddof=1) 0.8695921320886454, quantile([.25, .5, .75]) = [5.0, 5.8, 6.35]
    expect(sl.mean).toBeCloseTo(5.742857142857142, 12);
    expect(sl.std).toBeCloseTo(0.8695921320886454, 12);
    const q = new Map(sl.quantiles.map(({ p, value }) => [p, value]));
    expect(q.get(0.25)).toBeCloseTo(5.0, 12);
    expect(q.get(0.5)).toBe(5.8);
    expect(q.get(0.75)).toBeCloseTo(6.35, 12);
    expect(profile.profiles.species).toEqual<CategoricalProfile>({
      kind: 'categorical',
      count: 7,
      missing: 0,
      missingShare: 0,
      distinct: 3,
      categories: [
        { value: 'setosa', count: 3 },
        { value: 'versicolor', count: 2 },
        { value: 'virginica', count: 2 },
      ],
      otherCount: 0,
    });
    expect(profile.profiles.is_setosa).toMatchObject({
      kind: 'binary',
      distinct: 2,
      categories: [
        { value: '0', count: 4 },
        { value: '1', count: 3 },
      ],
    });
    // Python: datetime.fromisoformat('2024-03-01T23:30:00+02:00').astimezone(timezone.utc)
    // = 2024-03-01T21:30:00+00:00; the naive/Z values are already UTC.
    expect(profile.profiles.measured_on).toEqual<DatetimeProfile>({
      kind: 'datetime',
      count: 7,
      missing: 0,
      missingShare: 0,
      min: '2023-12-31T08:00:00.000Z',
      max: '2024-03-01T21:30:00.000Z',
    });
  });

  it('counts pandas NA strings as missing and reports shares of all rows', async () => {
    const rows = [
      'a,b,c',
      '1,x,',
      'NA,y,',
      'N/A,NULL,',
      'nan,None,',
      '5,x,',
      '6,#N/A,',
      '7,<NA>,',
      '8,x,',
    ];
    const profile = await profileCsv(csv(rows.join('\n')));
    expect(profile.rowCount).toBe(8);
    const a = profile.profiles.a as NumericProfile;
    expect(a).toMatchObject({ kind: 'numeric', count: 5, missing: 3, missingShare: 3 / 8 });
    expect(a).toMatchObject({ min: 1, max: 8, mean: 27 / 5 });
    expect(profile.profiles.b).toMatchObject({
      kind: 'categorical',
      count: 4,
      missing: 4,
      missingShare: 0.5,
      categories: [
        { value: 'x', count: 3 },
        { value: 'y', count: 1 },
      ],
    });
    // A column with every value missing is categorical with count 0.
    expect(profile.profiles.c).toEqual({
      kind: 'categorical',
      count: 0,
      missing: 8,
      missingShare: 1,
      distinct: 0,
      categories: [],
      otherCount: 0,
    });
  });

  it('detects binary columns: two distinct numbers, or true/false in any case', async () => {
    const rows = [
      'flag,label,one,score',
      'True,yes,1,0.5',
      'false,no,1,2',
      'TRUE,yes,1,0.5',
      'true,no,1.0,2',
    ];
    const profile = await profileCsv(csv(rows.join('\n')));
    expect(profile.columns.map((c) => c.kind)).toEqual([
      'binary',
      'categorical',
      'numeric',
      'binary',
    ]);
    expect(profile.profiles.flag).toMatchObject({
      categories: [
        { value: 'true', count: 3 },
        { value: 'false', count: 1 },
      ],
    });
    // '1' and '1.0' are the same number: one distinct value, so numeric, not binary.
    expect(profile.profiles.one).toMatchObject({ kind: 'numeric', distinct: 1, std: 0 });
    expect(profile.profiles.score).toMatchObject({
      categories: [
        { value: '0.5', count: 2 },
        { value: '2', count: 2 },
      ],
    });
  });

  it('profiles free text by its string lengths in code points', async () => {
    const words = [
      'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma',
      'tau upsilon phi chi psi omega héllo😀',
    ]
      .join(' ')
      .split(' ');
    const text = (await profileCsv(csv(`w\n${words.join('\n')}`))).profiles.w as TextProfile;
    expect(text).toMatchObject({ kind: 'text', count: 25, distinct: 25, distinctCapped: false });
    // Python len() per word; numpy 2.4 on those lengths: min 2, max 7, mean 4.24,
    // np.quantile(L, np.arange(11) / 10) =
    // [2, 2, 3, 3, 3.6000000000000014, 4, 5, 5, 5.200000000000003, 6.600000000000001, 7]
    expect(text.length).toMatchObject({ min: 2, max: 7, mean: 4.24 });
    const expected = [
      2, 2, 3, 3, 3.6000000000000014, 4, 5, 5, 5.200000000000003, 6.600000000000001, 7,
    ];
    expect(text.length.quantiles.map((q) => q.p)).toEqual(expected.map((_, i) => i / 10));
    text.length.quantiles.forEach((q, i) => expect(q.value).toBeCloseTo(expected[i] as number, 12));
  });

  it('keeps the top 100 categories and counts the rest in otherCount', async () => {
    // 150 categories × 20 rows = 3000 rows; 5% of 3000 = 150 distinct, so categorical.
    const rows: string[] = [];
    for (let r = 0; r < 20; r++) {
      for (let c = 0; c < 150; c++) rows.push(`c${String(c).padStart(3, '0')}`);
    }
    rows.push('c149'); // one more: c149 leads, the rest tie and sort by value
    const p = (await profileCsv(csv(`cat\n${rows.join('\n')}`))).profiles.cat as CategoricalProfile;
    expect(p).toMatchObject({ kind: 'categorical', count: 3001, distinct: 150 });
    expect(p.categories).toHaveLength(100);
    expect(p.categories[0]).toEqual({ value: 'c149', count: 21 });
    expect(p.categories[1]).toEqual({ value: 'c000', count: 20 });
    expect(p.categories[99]).toEqual({ value: 'c098', count: 20 });
    expect(p.otherCount).toBe(50 * 20);
  });

  it('stops tracking distinct text values at 10,000 and says so', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `user-${i}`);
    const p = (await profileCsv(csv(`id\n${rows.join('\n')}`))).profiles.id as TextProfile;
    expect(p).toMatchObject({
      kind: 'text',
      count: 12_000,
      distinct: 10_000,
      distinctCapped: true,
    });
    // Lengths are still exact: 'user-' + 1..5 digits.
    expect(p.length).toMatchObject({ min: 6, max: 10 });
  });

  it('falls back from numeric when a non-number appears late', async () => {
    const rows = [...Array.from({ length: 5000 }, (_, i) => String(i % 10)), 'ten'];
    const profile = await profileCsv(csv(`n\n${rows.join('\n')}`));
    expect(profile.profiles.n).toMatchObject({ kind: 'categorical', count: 5001, distinct: 11 });
  });

  it('reads quoted fields holding delimiters, quotes and newlines, across chunks', async () => {
    const text =
      '\uFEFFid,comment\n1,"hello, world"\n2,"two\nlines"\n3,"say ""hi"""\n\n4, plain \n';
    const bytes = new TextEncoder().encode(text);
    // Split inside the BOM and inside the quoted newline.
    const profile = await profileCsv(
      chunks(bytes.slice(0, 2), bytes.slice(2, 30), bytes.slice(30)),
    );
    expect(profile.rowCount).toBe(4);
    expect(profile.columns).toEqual([
      { name: 'id', kind: 'numeric' },
      { name: 'comment', kind: 'categorical' },
    ]);
    expect((profile.profiles.comment as CategoricalProfile).categories.map((c) => c.value)).toEqual(
      ['hello, world', 'plain', 'say "hi"', 'two\nlines'],
    );
  });

  it('honours another delimiter', async () => {
    const profile = await profileCsv(csv('a;b\n1,5;x\n2,5;y\n'), { delimiter: ';' });
    expect(profile.columns).toEqual([
      { name: 'a', kind: 'categorical' },
      { name: 'b', kind: 'categorical' },
    ]);
  });

  it('rejects a ragged row, naming its line', async () => {
    const lines = ['a,b,c,d,e', ...Array.from({ length: 10 }, () => '1,2,3,4,5'), '1,2,3,4'];
    const error = await rejection(profileCsv(csv(lines.join('\n'))));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fields).toEqual([
      { path: 'artifact', message: 'line 12: expected 5 columns, found 4' },
    ]);
  });

  it('rejects an unclosed quote, naming its line', async () => {
    const error = await rejection(profileCsv(csv('a,b\n1,2\n3,"open\n')));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fields[0]?.message).toMatch(/^line 3: .*quote/i);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a BOM only', '\uFEFF', /empty/],
    ['a blank first row', ' , \n1,2\n', /no header/],
    ['an empty column name', 'a,,c\n1,2,3\n', /column 2 has an empty name/],
    ['duplicate column names', 'a,b,a,b\n1,2,3,4\n', /duplicate column names 'a', 'b'/],
  ])('rejects %s', async (_, text, message) => {
    const error = await rejection(profileCsv(csv(text)));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fields[0]?.path).toBe('artifact');
    expect(error.fields[0]?.message).toMatch(message);
  });

  it('rejects more rows than maxRows', async () => {
    await expect(profileCsv(csv('a\n1\n2\n3\n'), { maxRows: 3 })).resolves.toMatchObject({
      rowCount: 3,
    });
    const error = await rejection(profileCsv(csv('a\n1\n2\n3\n4\n'), { maxRows: 3 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch('dataset has more than 3 rows');
  });

  it('passes on an error of the source itself', async () => {
    async function* failing(): AsyncIterable<string> {
      yield 'a\n1\n';
      throw new Error('storage read failed');
    }
    await expect(profileCsv(failing())).rejects.toThrow('storage read failed');
  });

  it('profiles a header-only file as zero rows without NaN', async () => {
    const profile = await profileCsv(csv('a,b\n'));
    expect(profile.rowCount).toBe(0);
    expect(profile.columns).toEqual([
      { name: 'a', kind: 'categorical' },
      { name: 'b', kind: 'categorical' },
    ]);
    expect(profile.profiles.a).toEqual({
      kind: 'categorical',
      count: 0,
      missing: 0,
      missingShare: 0,
      distinct: 0,
      categories: [],
      otherCount: 0,
    });
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  it('keeps a column named __proto__ as data', async () => {
    const profile = await profileCsv(csv('__proto__,b\n1,2\n'));
    expect(Object.keys(profile.profiles)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(profile.profiles)).toBe(Object.prototype);
  });

  it('profiles a 1,000,000-row numeric column', async () => {
    async function* million(): AsyncIterable<string> {
      yield 'i\n';
      for (let start = 0; start < 1_000_000; start += 10_000) {
        let chunk = '';
        for (let i = start; i < start + 10_000; i++) chunk += `${i}\n`;
        yield chunk;
      }
    }
    const profile = await profileCsv(million());
    expect(profile.rowCount).toBe(1_000_000);
    const i = profile.profiles.i as NumericProfile;
    expect(i).toMatchObject({ count: 1_000_000, min: 0, max: 999_999, mean: 499_999.5 });
    expect(i.distinct).toBe(1_000_000);
    // numpy 2.4 on np.arange(1e6): std(ddof=1) = 288675.27893234405, quantile(.01) = 9999.99,
    // quantile(.5) = 499999.5, np.histogram(bins=20) counts = [50000] * 20
    expect(i.std).toBeCloseTo(288675.27893234405, 6);
    expect(i.quantiles[1]?.value).toBeCloseTo(9999.99, 6);
    expect(i.quantiles[50]?.value).toBe(499_999.5);
    expect(i.histogram.counts).toEqual(Array(20).fill(50_000));
    expect(i.sample).toHaveLength(1000);
    expect(i.sample[0]).toBe(0);
    expect(i.sample[999]).toBe(999_999);
  });
});
