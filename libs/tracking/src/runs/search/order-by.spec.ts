import { AppError } from '@sextant/errors';
import { type OrderTerm, compileOrderBy, parseOrderBy } from './order-by';

function errorOf(orderBy: string[]): AppError {
  try {
    parseOrderBy(orderBy);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(orderBy)} to be rejected`);
}

const TIE_BREAKERS = 'r.start_time DESC, r.id ASC';

describe('parseOrderBy', () => {
  it('has no terms when none are given', () => {
    expect(parseOrderBy(undefined)).toEqual([]);
    expect(parseOrderBy([])).toEqual([]);
  });

  it.each<[string, OrderTerm]>([
    ['metrics.cv_accuracy DESC', { entity: 'metric', key: 'cv_accuracy', direction: 'desc' }],
    ['params.max_depth', { entity: 'param', key: 'max_depth', direction: 'asc' }],
    ['attributes.start_time desc', { entity: 'attribute', key: 'start_time', direction: 'desc' }],
    ['start_time', { entity: 'attribute', key: 'start_time', direction: 'asc' }],
    ['  name   Asc ', { entity: 'attribute', key: 'run_name', direction: 'asc' }],
    ['run.id', { entity: 'attribute', key: 'run_id', direction: 'asc' }],
    ['tags.team desc', { entity: 'tag', key: 'team', direction: 'desc' }],
    ['metrics.`f1 score` DESC', { entity: 'metric', key: 'f1 score', direction: 'desc' }],
    ['metric."val loss"', { entity: 'metric', key: 'val loss', direction: 'asc' }],
    ['metrics.train.loss', { entity: 'metric', key: 'train.loss', direction: 'asc' }],
  ])('parses %j', (term, expected) => {
    expect(parseOrderBy([term])).toEqual([expected]);
  });

  it('keeps the terms in order', () => {
    expect(parseOrderBy(['metrics.auc desc', 'params.lr']).map((t) => t.key)).toEqual([
      'auc',
      'lr',
    ]);
  });

  it.each([
    [['metrics.auc sideways'], 0, 'sideways', 'expected ASC or DESC after "metrics.auc"'],
    [['metrics.auc', 'params.lr desc desc'], 1, 'desc', 'expected the end of'],
    [['datasets.name'], 0, 'datasets', 'runs cannot be ordered by datasets'],
    [['colour'], 0, 'colour', 'unknown attribute "colour"; known attributes: status'],
    [['foo.bar'], 0, 'foo', 'unknown entity "foo"'],
    [[''], 0, 'end', 'expected a name such as metrics.auc'],
    [['metrics.`auc'], 0, '`auc', 'unterminated quoted key'],
    [['metrics'], 0, 'end', 'expected "." and a key after "metrics"'],
    [['desc'], 0, 'desc', 'unknown attribute "desc"'],
  ])('rejects %j, pointing into term %i', (orderBy, index, at, words) => {
    const term = orderBy[index] ?? '';
    const position = at === 'end' ? term.length : term.lastIndexOf(at);
    const error = errorOf(orderBy);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`Invalid orderBy.${index} at position ${position}: `);
    expect(error.message).toContain(words);
    expect(error.fields).toEqual([{ path: `orderBy.${index}`, message: error.message }]);
    expect(error.details).toEqual({ position, index });
  });

  it('accepts 5 terms and rejects 6', () => {
    const terms = ['metrics.a', 'metrics.b', 'metrics.c', 'metrics.d', 'metrics.e'];
    expect(parseOrderBy(terms)).toHaveLength(5);
    const error = errorOf([...terms, 'metrics.f']);
    expect(error.message).toBe('Invalid orderBy: at most 5 terms are allowed, got 6');
    expect(error.fields).toEqual([{ path: 'orderBy', message: error.message }]);
  });

  it('rejects a term longer than 300 characters', () => {
    const error = errorOf([`metrics.${'k'.repeat(300)}`]);
    expect(error.message).toContain(
      'Invalid orderBy.0 at position 300: the term is 308 characters',
    );
  });
});

describe('compileOrderBy', () => {
  const compile = (orderBy: string[]) => {
    const { joins, orderBy: sql } = compileOrderBy(parseOrderBy(orderBy));
    const flat = (x: { text: string }) => x.text.replace(/\s+/g, ' ');
    return { joins: flat(joins), text: flat(sql), values: [...joins.values, ...sql.values] };
  };

  it('orders newest first, then by id, by default', () => {
    expect(compile([])).toEqual({ joins: '', text: TIE_BREAKERS, values: [] });
  });

  it('sorts a metric ascending with NaN after the numbers and missing values last', () => {
    // PostgreSQL orders NaN above every number, so ascending needs only NULLS LAST.
    expect(compile(['metrics.auc'])).toEqual({
      joins: 'LEFT JOIN tracking.latest_metrics o0 ON o0.run_id = r.id AND o0.key = $1',
      text: `o0.value ASC NULLS LAST, ${TIE_BREAKERS}`,
      values: ['auc'],
    });
  });

  it('sorts a metric descending with NaN moved behind the numbers, missing values last', () => {
    expect(compile(['metrics.auc DESC'])).toEqual({
      joins: 'LEFT JOIN tracking.latest_metrics o0 ON o0.run_id = r.id AND o0.key = $1',
      text: `(o0.value = 'NaN'::float8) ASC NULLS LAST, o0.value DESC NULLS LAST, ${TIE_BREAKERS}`,
      values: ['auc'],
    });
  });

  it('sorts params and tags as text in code-point order', () => {
    expect(compile(['params.max_depth', 'tags.team desc'])).toEqual({
      joins:
        'LEFT JOIN tracking.run_params o0 ON o0.run_id = r.id AND o0.key = $1 LEFT JOIN tracking.run_tags o1 ON o1.run_id = r.id AND o1.key = $2',
      text: `o0.value COLLATE "C" ASC NULLS LAST, o1.value COLLATE "C" DESC NULLS LAST, ${TIE_BREAKERS}`,
      values: ['max_depth', 'team'],
    });
  });

  it.each([
    ['start_time desc', 'r.start_time DESC NULLS LAST'],
    ['end_time', 'r.end_time ASC NULLS LAST'],
    ['status', 'r.status::text ASC NULLS LAST'],
    ['name desc', 'r.name COLLATE "C" DESC NULLS LAST'],
    ['attributes.git_branch', 'r.git_branch COLLATE "C" ASC NULLS LAST'],
    ['run_id', 'r.id ASC NULLS LAST'],
    ['git_dirty desc', 'r.git_dirty DESC NULLS LAST'],
  ])('sorts by the attribute %s', (term, text) => {
    expect(compile([term])).toEqual({ joins: '', text: `${text}, ${TIE_BREAKERS}`, values: [] });
  });

  it('binds keys, never writing them into the SQL text', () => {
    const { joins, orderBy } = compileOrderBy(
      parseOrderBy(['metrics.`x) DESC; DROP TABLE r; --` desc']),
    );
    expect(joins.strings.join('') + orderBy.strings.join('')).not.toContain('DROP');
    expect(joins.values).toEqual(['x) DESC; DROP TABLE r; --']);
  });

  it('rejects a hand-made term parseOrderBy would never produce', () => {
    for (const term of [
      { entity: 'dataset', key: 'name', direction: 'asc' },
      { entity: 'attribute', key: 'colour', direction: 'asc' },
      { entity: 'attribute', key: 'name', direction: 'asc' },
    ] as const) {
      expect(() => compileOrderBy([term])).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    }
  });
});
