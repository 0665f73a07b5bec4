import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '@sextant/errors';
import { readCsvColumns } from './read-csv-columns';

/** A CSV as a stream of chunks (split mid-row, as a file read would be). */
function chunks(text: string, size = 7): AsyncIterable<string> {
  return (async function* () {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  })();
}

async function failure(text: string): Promise<AppError> {
  try {
    await readCsvColumns(chunks(text), { label: 'cur.csv' });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_REQUEST');
    return error as AppError;
  }
  throw new Error('expected the CSV to be refused');
}

describe('readCsvColumns', () => {
  it('reads numbers as Float64Array and the rest as strings; NA strings are missing', async () => {
    const csv = [
      'x,city,flag,note',
      '1.5,Paris,true,',
      '-2,"Lyon, FR",false,NA',
      ',Nice,true,hello',
      ' 1e3 , Paris ,,"  "',
    ].join('\n');
    const t = await readCsvColumns(chunks(csv));
    expect(t.names).toEqual(['x', 'city', 'flag', 'note']);
    expect(t.rowCount).toBe(4);
    expect(t.columns['x']).toEqual(Float64Array.of(1.5, -2, NaN, 1000));
    expect(t.columns['city']).toEqual(['Paris', 'Lyon, FR', 'Nice', 'Paris']);
    expect(t.columns['flag']).toEqual(['true', 'false', 'true', null]);
    // Trimming is around fields: a quoted value keeps its blanks (and is not missing).
    expect(t.columns['note']).toEqual([null, null, 'hello', '  ']);
  });

  it('parses numbers strictly: one other value makes the column strings, as spelt', async () => {
    const csv = 'a,b,c\n1.0,0x10,7\n01,5,inf\n1e3,6,8\nabc,7,9\n';
    const t = await readCsvColumns(chunks(csv));
    expect(t.columns['a']).toEqual(['1.0', '01', '1e3', 'abc']);
    expect(t.columns['b']).toEqual(['0x10', '5', '6', '7']);
    expect(t.columns['c']).toEqual(['7', 'inf', '8', '9']);
  });

  it('a column with every value missing stays a column of missing values', async () => {
    const t = await readCsvColumns(chunks('a,b\n1,\n2,NaN\n'));
    expect(t.columns['b']).toEqual(Float64Array.of(NaN, NaN));
  });

  it('skips blank lines, strips a BOM, takes another delimiter', async () => {
    const t = await readCsvColumns(chunks('\uFEFFa;b\n\n1;x\n\n2;y\n'), { delimiter: ';' });
    expect(t.names).toEqual(['a', 'b']);
    expect(t.rowCount).toBe(2);
    expect(t.columns['a']).toEqual(Float64Array.of(1, 2));
  });

  it('grows past its first buffer', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i / 4}`);
    const t = await readCsvColumns(chunks(['v', ...rows].join('\n'), 4096));
    const v = t.columns['v'] as Float64Array;
    expect(v.length).toBe(5000);
    expect(v[4999]).toBe(4999 / 4);
  });

  it('a ragged row: names the line and both counts', async () => {
    const e = await failure('a,b,c\n1,2,3\n\n4,5\n6,7,8\n');
    expect(e.message).toBe('cur.csv: line 4: expected 3 fields (as the header), found 2');
    expect(e.fields).toEqual([
      { path: 'cur.csv', message: 'line 4: expected 3 fields (as the header), found 2' },
    ]);
    expect(e.details).toEqual({ line: 4, expected: 3, found: 2 });
    const long = await failure('a,b\n1,2,3\n');
    expect(long.message).toBe('cur.csv: line 2: expected 2 fields (as the header), found 3');
  });

  it('refuses an empty file, a bad header and bad quoting', async () => {
    expect((await failure('')).message).toBe(
      'cur.csv: the file is empty (a header row naming the columns comes first)',
    );
    expect((await failure('a,,c\n1,2,3\n')).message).toBe('cur.csv: line 1: column 2 has no name');
    expect((await failure('a,b,a,b\n1,2,3,4\n')).message).toBe(
      'cur.csv: line 1: column names given twice: a, b',
    );
    const quote = await failure('a,b\n"1,2\n');
    expect(quote.message).toMatch(/^cur\.csv: line \d+: /);
    expect(quote.details).toMatchObject({ csvCode: expect.stringMatching(/^CSV_/) });
  });

  describe('from a path', () => {
    let dir: string;
    beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'sextant-csv-'))));
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('reads the file, naming it by its path', async () => {
      const file = path.join(dir, 'ref.csv');
      await writeFile(file, 'a,b\n1,x\n2,y\n');
      expect((await readCsvColumns(file)).columns['a']).toEqual(Float64Array.of(1, 2));
      await writeFile(file, 'a,b\n1\n');
      await expect(readCsvColumns(file)).rejects.toThrow(
        `${file}: line 2: expected 2 fields (as the header), found 1`,
      );
    });

    it('a file that cannot be read is a BAD_REQUEST too', async () => {
      const missing = path.join(dir, 'nope.csv');
      await expect(readCsvColumns(missing)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: `${missing}: cannot read the file (ENOENT)`,
      });
      await expect(readCsvColumns(dir)).rejects.toMatchObject({
        message: `${dir}: cannot read the file (EISDIR)`,
      });
    });
  });
});
