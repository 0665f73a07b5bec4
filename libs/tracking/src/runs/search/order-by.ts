/**
 * Runs search ordering, as MLflow's `order_by`: each term is a name (as in the filter language:
 * `metrics.auc`, `params.max_depth`, `attributes.start_time`, a bare attribute such as
 * `start_time`, keys quoted with backticks or double quotes) and an optional ASC (default) or
 * DESC.
 *
 * In both directions a run lacking the value sorts last, and a NaN metric sorts after every
 * number and before the missing ones. Params, tags and text attributes compare as text, in
 * code-point order (COLLATE "C", the same on every server): '10' sorts before '9', as in MLflow.
 * Every order ends with `r.start_time DESC, r.id ASC`, a total order, so offset paging is stable.
 */
import { AppError } from '@sextant/errors';
import { Prisma } from '@sextant/db';
import { type Entity, SEARCH_LIMITS, runAttribute } from './fields';
import { type FailAt, Scanner } from './filter-parser';
import { ATTRIBUTE_COLUMNS } from './filter-sql';

/** One order-by term; `key` is canonical for attributes (`run_name`), as written otherwise. */
export interface OrderTerm {
  entity: Entity;
  key: string;
  direction: 'asc' | 'desc';
}

/**
 * Parses `orderBy` terms (at most 5). Throws AppError BAD_REQUEST with path `orderBy.<i>` and
 * `details.position` inside that term.
 */
export function parseOrderBy(orderBy: readonly string[] | undefined): OrderTerm[] {
  if (orderBy === undefined) return [];
  if (orderBy.length > SEARCH_LIMITS.orderByTerms) {
    const message = `Invalid orderBy: at most ${SEARCH_LIMITS.orderByTerms} terms are allowed, got ${orderBy.length}`;
    throw new AppError('BAD_REQUEST', message, {
      fields: [{ path: 'orderBy', message }],
      details: { limit: SEARCH_LIMITS.orderByTerms },
    });
  }
  return orderBy.map((term, index) => parseTerm(term, index));
}

function parseTerm(term: string, index: number): OrderTerm {
  const fail: FailAt = (position, reason) => {
    const message = `Invalid orderBy.${index} at position ${position}: ${reason}`;
    throw new AppError('BAD_REQUEST', message, {
      fields: [{ path: `orderBy.${index}`, message }],
      details: { position, index },
    });
  };
  if (term.length > SEARCH_LIMITS.orderByTermLength) {
    fail(
      SEARCH_LIMITS.orderByTermLength,
      `the term is ${term.length} characters long; at most ${SEARCH_LIMITS.orderByTermLength} are allowed`,
    );
  }
  const s = new Scanner(term, fail, 'the end of the term');
  const name = s.readName();
  if (name.entity === 'dataset') fail(name.start, 'runs cannot be ordered by datasets');
  s.skipWhitespace();
  let direction: 'asc' | 'desc' = 'asc';
  if (!s.atEnd()) {
    const word = s.peekWord().toUpperCase();
    if (word !== 'ASC' && word !== 'DESC') {
      s.fail(s.pos, `expected ASC or DESC after "${name.text}", found ${s.found()}`);
    }
    s.pos += word.length;
    direction = word === 'ASC' ? 'asc' : 'desc';
    s.skipWhitespace();
    if (!s.atEnd()) s.fail(s.pos, `expected the end of the term, found ${s.found()}`);
  }
  return { entity: name.entity, key: name.key, direction };
}

/** The tie-breakers that end every order: newest first, then by id. */
const TIE_BREAKERS = Prisma.sql`r.start_time DESC, r.id ASC`;

/** The ORDER BY list (without the keywords) for the terms, tie-breakers included. */
/** What a search needs to order its runs: LEFT JOINs for the metric, param and tag terms, and the ORDER BY list. */
export interface CompiledOrder {
  /** `LEFT JOIN … o0 ON …` per metric, param or tag term (empty for attributes). */
  readonly joins: Prisma.Sql;
  /** The ORDER BY list, ending with the tie-breakers. */
  readonly orderBy: Prisma.Sql;
}

/**
 * Each metric, param or tag term is one LEFT JOIN on its table's primary key (run_id, key), so
 * the planner can hash-join it once instead of running a subquery per run: ordering 10,000 runs
 * by a metric costs one pass.
 */
export function compileOrderBy(terms: readonly OrderTerm[]): CompiledOrder {
  const joins: Prisma.Sql[] = [];
  const order: Prisma.Sql[] = [];
  terms.forEach((term, i) => {
    const compiled = compileTerm(term, Prisma.raw(`o${i}`));
    if (compiled.join) joins.push(compiled.join);
    order.push(...compiled.order);
  });
  return {
    joins: joins.length ? Prisma.join(joins, ' ') : Prisma.empty,
    orderBy: Prisma.join([...order, TIE_BREAKERS], ', '),
  };
}

function compileTerm(
  term: OrderTerm,
  alias: Prisma.Sql,
): { join?: Prisma.Sql; order: Prisma.Sql[] } {
  const desc = term.direction === 'desc';
  const dir = desc ? Prisma.sql`DESC NULLS LAST` : Prisma.sql`ASC NULLS LAST`;
  switch (term.entity) {
    case 'metric': {
      const join = Prisma.sql`LEFT JOIN tracking.latest_metrics ${alias} ON ${alias}.run_id = r.id AND ${alias}.key = ${term.key}`;
      const value = Prisma.sql`${alias}.value ${dir}`;
      // PostgreSQL sorts NaN above every number: right ascending; descending needs NaN moved
      // down behind the numbers (missing, a NULL here, still last).
      return {
        join,
        order: desc
          ? [Prisma.sql`(${alias}.value = 'NaN'::float8) ASC NULLS LAST`, value]
          : [value],
      };
    }
    case 'param':
    case 'tag': {
      const table =
        term.entity === 'param' ? Prisma.sql`tracking.run_params` : Prisma.sql`tracking.run_tags`;
      return {
        join: Prisma.sql`LEFT JOIN ${table} ${alias} ON ${alias}.run_id = r.id AND ${alias}.key = ${term.key}`,
        order: [Prisma.sql`${alias}.value COLLATE "C" ${dir}`],
      };
    }
    case 'attribute': {
      const field = runAttribute(term.key);
      const column = ATTRIBUTE_COLUMNS[term.key];
      if (!field || !column || field.name !== term.key) return malformed(term);
      return {
        order:
          field.kind === 'text'
            ? [Prisma.sql`${column} COLLATE "C" ${dir}`]
            : [Prisma.sql`${column} ${dir}`],
      };
    }
    case 'dataset':
      return malformed(term);
  }
}

/** A term parseOrderBy would never produce: a bug in the caller, not a user error. */
function malformed(term: OrderTerm): never {
  throw new AppError('INTERNAL', 'Malformed order-by term', {
    details: { entity: term.entity, direction: term.direction },
  });
}
