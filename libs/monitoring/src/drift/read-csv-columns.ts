import { createReadStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@sextant/errors';
import { isNaString, parseDecimal } from '@sextant/stats';
import { CsvError, parse } from 'csv-parse';
import type { DriftColumnValues, DriftTable } from './drift.types';

/** A CSV file read as columns, ready for `computeDrift`. */
export interface CsvColumns extends DriftTable {
  readonly columns: Record<string, DriftColumnValues>;
  /** The header's names, in file order. */
  readonly names: string[];
  /** Data rows (the header and blank lines excluded). */
  readonly rowCount: number;
}

export interface ReadCsvOptions {
  /** How messages and error fields name the file (default: the path, else `csv`). */
  label?: string;
  /** Field delimiter (default `,`). */
  delimiter?: string;
}

/** One column while the file streams: numbers while every value is one, else strings. */
class ColumnBuilder {
  private numbers: Float64Array | null = new Float64Array(1024);
  /** Texts of numbers that `String(n)` would not give back (`1.0`, `1e3`), to rebuild strings. */
  private spellings = new Map<number, string>();
  private strings: (string | null)[] | null = null;
  private length = 0;

  add(text: string): void {
    if (this.strings === null) {
      if (isNaString(text)) return this.push(NaN);
      const n = parseDecimal(text);
      if (n !== null) {
        if (String(n) !== text) this.spellings.set(this.length, text);
        return this.push(n);
      }
      this.strings = this.toStrings();
    }
    this.strings.push(isNaString(text) ? null : text);
  }

  finish(): DriftColumnValues {
    return this.strings ?? this.numbers!.slice(0, this.length);
  }

  private push(value: number): void {
    if (this.length === this.numbers!.length) {
      const grown = new Float64Array(this.numbers!.length * 2);
      grown.set(this.numbers!);
      this.numbers = grown;
    }
    this.numbers![this.length++] = value;
  }

  /** At the first value that is not a number: the values so far as strings, as they were spelt. */
  private toStrings(): (string | null)[] {
    const numbers = this.numbers!;
    const strings = new Array<string | null>(this.length);
    for (let i = 0; i < this.length; i++) {
      const v = numbers[i]!;
      strings[i] = v === v ? (this.spellings.get(i) ?? String(v)) : null;
    }
    this.numbers = null;
    this.spellings.clear();
    return strings;
  }
}

function csvProblem(label: string, message: string, details?: Record<string, unknown>): AppError {
  return new AppError('BAD_REQUEST', `${label}: ${message}`, {
    fields: [{ path: label, message }],
    ...(details ? { details } : {}),
  });
}

function headerNames(record: string[], label: string): string[] {
  if (record.every((name) => name === ''))
    throw csvProblem(label, 'line 1: the header row is blank');
  const blank = record.indexOf('');
  if (blank !== -1) throw csvProblem(label, `line 1: column ${blank + 1} has no name`);
  const twice = record.filter((name, i) => record.indexOf(name) !== i);
  if (twice.length > 0)
    throw csvProblem(label, `line 1: column names given twice: ${[...new Set(twice)].join(', ')}`);
  return record;
}

/** csv-parse's and the file system's errors as BAD_REQUEST naming the file and the line. */
function readError(error: unknown, label: string, expected: number | undefined): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    const record = (error as CsvError & { record?: unknown }).record;
    if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && Array.isArray(record))
      return csvProblem(
        label,
        `line ${line}: expected ${expected} fields (as the header), found ${record.length}`,
        { line, expected, found: record.length },
      );
    return csvProblem(label, `${line === undefined ? '' : `line ${line}: `}${error.message}`, {
      line,
      csvCode: error.code,
    });
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
    return csvProblem(label, `cannot read the file (${code})`, { code });
  return error;
}

/**
 * Reads a CSV file (a path, or a stream of bytes or text; UTF-8, BOM stripped) into columns for
 * `computeDrift`. The first row names the columns; fields are trimmed; blank lines are skipped.
 * Missing values are pandas' default NA strings, the empty field first (→ NaN / null); a column
 * whose every other value is a plain decimal number (strictly: no `inf`, hex or separators) is
 * numbers (a Float64Array), any other column strings, as spelt. A row with another number of
 * fields than the header, bad quoting, an empty file or a bad header is a BAD_REQUEST naming the
 * file and the line (`line 7: expected 3 fields (as the header), found 2`).
 */
export async function readCsvColumns(
  source: string | Readable | AsyncIterable<Uint8Array | string>,
  options: ReadCsvOptions = {},
): Promise<CsvColumns> {
  const label = options.label ?? (typeof source === 'string' ? source : 'csv');
  let names: string[] | undefined;
  let builders: ColumnBuilder[] = [];
  let rowCount = 0;
  const sink = new Writable({
    objectMode: true,
    write(record: string[], _encoding, done) {
      try {
        if (names === undefined) {
          names = headerNames(record, label);
          builders = names.map(() => new ColumnBuilder());
        } else {
          rowCount++;
          for (let i = 0; i < builders.length; i++) builders[i]!.add(record[i]!);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  const input =
    typeof source === 'string'
      ? createReadStream(source)
      : source instanceof Readable
        ? source
        : Readable.from(source);
  try {
    await pipeline(
      input,
      parse({
        bom: true,
        trim: true,
        skip_empty_lines: true,
        ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      }),
      sink,
    );
  } catch (error) {
    throw readError(error, label, names?.length);
  }
  if (names === undefined)
    throw csvProblem(label, 'the file is empty (a header row naming the columns comes first)');
  const header = names;
  return {
    columns: Object.fromEntries(header.map((name, i) => [name, builders[i]!.finish()])),
    names: header,
    rowCount,
  };
}
