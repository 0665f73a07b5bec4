/**
 * Profiles a CSV dataset version in one streaming pass: schema (column kinds), row count and a
 * per-column profile that monitoring later uses as its drift reference.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@sextant/errors';
import { CsvError, parse } from 'csv-parse';
import { ColumnAccumulator } from './column-accumulator';
import {
  PROFILE_VERSION,
  type ColumnProfile,
  type DatasetProfile,
  type DatasetSchemaColumn,
} from './profile.types';

/** Default row limit of {@link profileCsv}. */
export const DEFAULT_MAX_ROWS = 5_000_000;
/** Values held while profiling (8 bytes each for numbers): 50M cells is about 400 MB at most. */
export const MAX_CELLS = 50_000_000;

/** Options of {@link profileCsv}. */
export interface ProfileCsvOptions {
  /** More data rows than this is a BAD_REQUEST (default 5,000,000). */
  maxRows?: number;
  /** Field delimiter (default `,`). */
  delimiter?: string;
}

function badArtifact(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('BAD_REQUEST', `invalid CSV: ${message}`, {
    fields: [{ path: 'artifact', message }],
    ...(details === undefined ? {} : { details }),
  });
}

/** Maps csv-parse's errors to BAD_REQUEST naming the line; anything else passes through. */
function toAppError(error: unknown, columnCount: number | undefined): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  const prefix = line === undefined ? '' : `line ${line}: `;
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && columnCount !== undefined) {
    const found = Array.isArray(error.record) ? error.record.length : undefined;
    return badArtifact(
      `${prefix}expected ${columnCount} columns, found ${found ?? 'another number'}`,
      {
        line,
        expected: columnCount,
        found,
      },
    );
  }
  return badArtifact(`${prefix}${error.message}`, { line, csvCode: error.code });
}

function checkHeader(names: string[]): void {
  if (names.every((name) => name === '')) {
    throw badArtifact('line 1: no header row (the first row is blank)');
  }
  const empty = names.findIndex((name) => name === '');
  if (empty !== -1) throw badArtifact(`line 1: column ${empty + 1} has an empty name`);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  if (duplicates.size > 0) {
    const list = [...duplicates].map((d) => `'${d}'`).join(', ');
    throw badArtifact(`line 1: duplicate column names ${list}`, { duplicates: [...duplicates] });
  }
}

/**
 * Profiles a CSV read from `source` (bytes or text chunks, UTF-8; a leading BOM is stripped).
 * The first row names the columns; fields are trimmed; blank lines are skipped, like pandas;
 * missing values are pandas' default NA strings (`NA_VALUES`). Kinds follow `inferKind`.
 * Throws BAD_REQUEST (field `artifact`) for an empty file, an empty or duplicate column name, a
 * row with the wrong number of fields (naming its line), malformed quoting, or more than
 * `maxRows` data rows. Pure apart from consuming `source`.
 */
export async function profileCsv(
  source: AsyncIterable<Uint8Array | string>,
  options: ProfileCsvOptions = {},
): Promise<DatasetProfile> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 0) {
    throw new AppError('BAD_REQUEST', 'maxRows must be a non-negative integer', {
      fields: [{ path: 'maxRows', message: 'must be a non-negative integer' }],
    });
  }
  const rows = new RowSink(maxRows);
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: false,
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
  });
  // A synchronous 'data' listener consumes each record as it is parsed: no per-row promise (an
  // async iterator measured ~2x slower) and no per-row info object (on_record ~3x slower).
  let failure: unknown;
  parser.on('data', (record: string[]) => {
    if (failure !== undefined) return;
    try {
      rows.add(record);
    } catch (error) {
      failure = error;
      parser.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });
  try {
    await pipeline(Readable.from(source), parser);
  } catch (error) {
    throw toAppError(failure ?? error, rows.columnCount);
  }
  return rows.finish();
}

/** Receives parsed records: the header first, then data rows into one accumulator per column. */
class RowSink {
  private names: string[] | null = null;
  private columns: ColumnAccumulator[] = [];
  private rowCount = 0;

  constructor(private readonly maxRows: number) {}

  get columnCount(): number | undefined {
    return this.names?.length;
  }

  add(record: string[]): void {
    if (this.names === null) {
      checkHeader(record);
      this.names = record;
      this.columns = record.map(() => new ColumnAccumulator());
      return;
    }
    this.rowCount++;
    const maxRows = Math.min(
      this.maxRows,
      Math.floor(MAX_CELLS / Math.max(1, this.columns.length)),
    );
    if (this.rowCount > maxRows) {
      const message =
        maxRows < this.maxRows
          ? `dataset has more than ${MAX_CELLS} values (${maxRows} rows of ${this.columns.length} columns)`
          : `dataset has more than ${this.maxRows} rows`;
      throw new AppError('BAD_REQUEST', message, {
        fields: [{ path: 'artifact', message }],
        details: { maxRows },
      });
    }
    for (let i = 0; i < this.columns.length; i++) {
      (this.columns[i] as ColumnAccumulator).add(record[i] as string);
    }
  }

  finish(): DatasetProfile {
    if (this.names === null) {
      throw badArtifact('the file is empty: a header row naming the columns is required');
    }
    const schema: DatasetSchemaColumn[] = [];
    const profiles: [string, ColumnProfile][] = [];
    this.names.forEach((name, i) => {
      const { kind, profile } = (this.columns[i] as ColumnAccumulator).finish(this.rowCount);
      schema.push({ name, kind });
      profiles.push([name, profile]);
    });
    return {
      version: PROFILE_VERSION,
      format: 'csv',
      rowCount: this.rowCount,
      columns: schema,
      // fromEntries defines own properties, so a column named `__proto__` is kept as data.
      profiles: Object.fromEntries(profiles),
    };
  }
}
