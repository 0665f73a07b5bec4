/**
 * Compiles a parsed filter into a PostgreSQL boolean expression over `tracking.runs r`. Every key
 * and value the user wrote is a bound parameter; the SQL text is built only from the constant
 * fragments below.
 */
import { AppError } from '@sextant/errors';
import { Prisma } from '@sextant/db';
import { runAttribute } from './fields';
import type { ComparisonOp, FilterComparison, FilterNode } from './filter-parser';

/** The SQL expression of each run attribute (by canonical name) on `tracking.runs r`. */
export const ATTRIBUTE_COLUMNS: Readonly<Record<string, Prisma.Sql>> = {
  status: Prisma.sql`r.status::text`,
  run_name: Prisma.sql`r.name`,
  run_id: Prisma.sql`r.id`,
  experiment_id: Prisma.sql`r.experiment_id`,
  start_time: Prisma.sql`r.start_time`,
  end_time: Prisma.sql`r.end_time`,
  git_commit: Prisma.sql`r.git_commit`,
  git_branch: Prisma.sql`r.git_branch`,
  git_repository: Prisma.sql`r.git_repository`,
  git_dirty: Prisma.sql`r.git_dirty`,
  created_by: Prisma.sql`r.created_by`,
};

const DATASET_COLUMNS: Readonly<Record<string, Prisma.Sql>> = {
  name: Prisma.sql`d.name`,
  digest: Prisma.sql`d.sha256`,
  role: Prisma.sql`i.role::text`,
};

const COMPARE: Readonly<Partial<Record<ComparisonOp, Prisma.Sql>>> = {
  '=': Prisma.raw('='),
  '!=': Prisma.raw('<>'),
  '>': Prisma.raw('>'),
  '>=': Prisma.raw('>='),
  '<': Prisma.raw('<'),
  '<=': Prisma.raw('<='),
  LIKE: Prisma.raw('LIKE'),
  ILIKE: Prisma.raw('ILIKE'),
};

const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A filter as a boolean SQL expression over `r` (tracking.runs); `TRUE` for no filter. */
export function compileFilter(node: FilterNode | null): Prisma.Sql {
  return node === null ? TRUE : compileNode(node);
}

function compileNode(node: FilterNode): Prisma.Sql {
  if (node.kind === 'comparison') return compileComparison(node);
  const operands: FilterNode[] = [];
  collect(node, node.kind, operands);
  const glue = node.kind === 'and' ? ' AND ' : ' OR ';
  return Prisma.sql`(${Prisma.join(operands.map(compileNode), glue)})`;
}

/** Flattens a chain of the same junction (a AND b AND c) so the SQL does not nest needlessly. */
function collect(node: FilterNode, kind: 'and' | 'or', out: FilterNode[]): void {
  if (node.kind === kind) {
    collect(node.left, kind, out);
    collect(node.right, kind, out);
  } else {
    out.push(node);
  }
}

function compileComparison(c: FilterComparison): Prisma.Sql {
  switch (c.entity) {
    case 'metric':
      return metricComparison(c);
    case 'param':
      return keyValueComparison(c, Prisma.sql`tracking.run_params p`, Prisma.sql`p`);
    case 'tag':
      return keyValueComparison(c, Prisma.sql`tracking.run_tags t`, Prisma.sql`t`);
    case 'attribute':
      return attributeComparison(c);
    case 'dataset': {
      const column = DATASET_COLUMNS[c.key] ?? malformed(c);
      return Prisma.sql`EXISTS (SELECT 1 FROM tracking.run_inputs i JOIN tracking.dataset_versions d ON d.id = i.dataset_version_id WHERE i.run_id = r.id AND ${stringPredicate(column, c)})`;
    }
  }
}

/** Latest value of the metric, compared; NaN never matches (PostgreSQL would call NaN = NaN). */
function metricComparison(c: FilterComparison): Prisma.Sql {
  const exists = Prisma.sql`SELECT 1 FROM tracking.latest_metrics m WHERE m.run_id = r.id AND m.key = ${c.key}`;
  if (c.op === 'IS NULL') return Prisma.sql`NOT EXISTS (${exists})`;
  if (c.op === 'IS NOT NULL') return Prisma.sql`EXISTS (${exists})`;
  const op = numericOp(c);
  return Prisma.sql`EXISTS (${exists} AND m.value ${op} ${numberValue(c)}::float8 AND m.value <> 'NaN'::float8)`;
}

function keyValueComparison(c: FilterComparison, table: Prisma.Sql, alias: Prisma.Sql): Prisma.Sql {
  const exists = Prisma.sql`SELECT 1 FROM ${table} WHERE ${alias}.run_id = r.id AND ${alias}.key = ${c.key}`;
  if (c.op === 'IS NULL') return Prisma.sql`NOT EXISTS (${exists})`;
  if (c.op === 'IS NOT NULL') return Prisma.sql`EXISTS (${exists})`;
  return Prisma.sql`EXISTS (${exists} AND ${stringPredicate(Prisma.sql`${alias}.value`, c)})`;
}

function attributeComparison(c: FilterComparison): Prisma.Sql {
  const field = runAttribute(c.key);
  const column = ATTRIBUTE_COLUMNS[c.key];
  if (!field || !column || field.name !== c.key) return malformed(c);
  if (c.op === 'IS NULL' || c.op === 'IS NOT NULL') {
    if (!field.nullable) return malformed(c);
    return c.op === 'IS NULL' ? Prisma.sql`${column} IS NULL` : Prisma.sql`${column} IS NOT NULL`;
  }
  switch (field.kind) {
    case 'text':
    case 'enum':
      return stringPredicate(column, c);
    case 'uuid':
      return uuidPredicate(column, c);
    case 'time':
      // Milliseconds since the epoch; comparing the column itself lets its index serve.
      return Prisma.sql`${column} ${numericOp(c)} to_timestamp(${timeValue(c)}::float8 / 1000)`;
    case 'boolean': {
      if (typeof c.value !== 'boolean' || (c.op !== '=' && c.op !== '!=')) return malformed(c);
      const wanted = c.value === (c.op === '=');
      return Prisma.sql`${column} = ${wanted ? TRUE : FALSE}`;
    }
  }
}

/** A mistake in the filter that only shows once a comparison is compiled: a 400 at its position. */
function refuse(c: FilterComparison, reason: string): never {
  const message = `at position ${c.position}: ${reason}`;
  throw new AppError('BAD_REQUEST', `Invalid filter ${message}`, {
    fields: [{ path: 'filter', message }],
    details: { position: c.position },
  });
}

/** PostgreSQL refuses a LIKE pattern that ends in a lone escape character. */
function likePattern(c: FilterComparison): string {
  const v = stringValue(c);
  const trailing = /\\*$/.exec(v)![0].length;
  if (trailing % 2 === 1) refuse(c, 'a LIKE pattern must not end with a single backslash');
  return v;
}

/** The latest instant a JavaScript Date (and this API) can name, in ms since the epoch. */
const MAX_TIME_MS = 8.64e15;

function timeValue(c: FilterComparison): number {
  const v = numberValue(c);
  if (!(Math.abs(v) <= MAX_TIME_MS)) {
    refuse(c, `${c.key} is in milliseconds since the epoch, between -8.64e15 and 8.64e15`);
  }
  return v;
}

/** `column <op> value` for the string operators, the value(s) bound. */
function stringPredicate(column: Prisma.Sql, c: FilterComparison): Prisma.Sql {
  switch (c.op) {
    case '=':
    case '!=':
      return Prisma.sql`${column} ${COMPARE[c.op] ?? malformed(c)} ${stringValue(c)}`;
    case 'LIKE':
    case 'ILIKE':
      return Prisma.sql`${column} ${COMPARE[c.op] ?? malformed(c)} ${likePattern(c)}`;
    case 'IN':
      return Prisma.sql`${column} IN (${Prisma.join(listValue(c))})`;
    case 'NOT IN':
      return Prisma.sql`${column} NOT IN (${Prisma.join(listValue(c))})`;
    default:
      return malformed(c);
  }
}

/**
 * A uuid column against user text. A value that is not a UUID would make PostgreSQL fail the
 * cast, so it is settled here: it equals no id (and differs from every one).
 */
function uuidPredicate(column: Prisma.Sql, c: FilterComparison): Prisma.Sql {
  switch (c.op) {
    case 'LIKE':
    case 'ILIKE':
      return Prisma.sql`${column}::text ${COMPARE[c.op] ?? malformed(c)} ${likePattern(c)}`;
    case '=': {
      const v = stringValue(c);
      return UUID.test(v) ? Prisma.sql`${column} = ${v}::uuid` : FALSE;
    }
    case '!=': {
      const v = stringValue(c);
      return UUID.test(v) ? Prisma.sql`${column} <> ${v}::uuid` : Prisma.sql`${column} IS NOT NULL`;
    }
    case 'IN':
    case 'NOT IN': {
      const ids = listValue(c).filter((v) => UUID.test(v));
      if (ids.length === 0) return c.op === 'IN' ? FALSE : Prisma.sql`${column} IS NOT NULL`;
      const list = Prisma.join(ids.map((v) => Prisma.sql`${v}::uuid`));
      return c.op === 'IN'
        ? Prisma.sql`${column} IN (${list})`
        : Prisma.sql`${column} NOT IN (${list})`;
    }
    default:
      return malformed(c);
  }
}

function numericOp(c: FilterComparison): Prisma.Sql {
  const op = c.op === 'LIKE' || c.op === 'ILIKE' ? undefined : COMPARE[c.op];
  return op ?? malformed(c);
}

function numberValue(c: FilterComparison): number {
  return typeof c.value === 'number' && Number.isFinite(c.value) ? c.value : malformed(c);
}

function stringValue(c: FilterComparison): string {
  return typeof c.value === 'string' ? c.value : malformed(c);
}

function listValue(c: FilterComparison): readonly string[] {
  const v = c.value;
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')
    ? (v as readonly string[])
    : malformed(c);
}

/** A node parseFilter would never produce: a bug in the caller, not a user error. */
function malformed(c: FilterComparison): never {
  throw new AppError('INTERNAL', `Malformed filter comparison at position ${c.position}`, {
    details: { entity: c.entity, op: c.op },
  });
}
