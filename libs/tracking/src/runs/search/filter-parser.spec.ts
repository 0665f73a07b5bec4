import { AppError } from '@sextant/errors';
import { type FilterComparison, type FilterNode, parseFilter } from './filter-parser';

/** The AppError parseFilter throws for `filter` (fails the test when it does not throw). */
function errorOf(filter: string): AppError {
  try {
    parseFilter(filter);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected "${filter}" to be rejected`);
}

/** The single comparison a filter parses to. */
function comparison(filter: string): Omit<FilterComparison, 'kind' | 'position'> {
  const node = parseFilter(filter);
  if (node?.kind !== 'comparison') throw new Error(`"${filter}" is not one comparison`);
  const { entity, key, op, value } = node;
  return { entity, key, op, value };
}

/** The tree in a compact prefix form, e.g. `(and metric:auc> param:d=)`. */
function shape(node: FilterNode | null): string {
  if (node === null) return 'null';
  if (node.kind === 'comparison') return `${node.entity}:${node.key}${node.op}`;
  return `(${node.kind} ${shape(node.left)} ${shape(node.right)})`;
}

describe('parseFilter: no filter', () => {
  it.each([undefined, '', '   ', '\n\t '])('treats %j as no filter', (filter) => {
    expect(parseFilter(filter)).toBeNull();
  });
});

describe('parseFilter: comparisons', () => {
  it('parses the example from the docs into one tree, and before or', () => {
    const filter =
      "metrics.auc > 0.8 and params.max_depth = '4' and tags.team = 'risk' and attributes.status = 'finished'";
    expect(shape(parseFilter(filter))).toBe(
      '(and (and (and metric:auc> param:max_depth=) tag:team=) attribute:status=)',
    );
  });

  it('records where each comparison starts', () => {
    const filter = "metrics.auc > 0.8 AND  params.max_depth = '4'";
    const node = parseFilter(filter);
    expect(node).toMatchObject({
      kind: 'and',
      left: { kind: 'comparison', position: 0 },
      right: { kind: 'comparison', position: filter.indexOf('params') },
    });
  });

  it.each([
    ['metrics.auc > 0.8', { entity: 'metric', key: 'auc', op: '>', value: 0.8 }],
    ['metric.auc>=0.8', { entity: 'metric', key: 'auc', op: '>=', value: 0.8 }],
    ['METRICS.auc < 1', { entity: 'metric', key: 'auc', op: '<', value: 1 }],
    ['metrics.loss <= -1e-3', { entity: 'metric', key: 'loss', op: '<=', value: -0.001 }],
    ['metrics.loss = 10', { entity: 'metric', key: 'loss', op: '=', value: 10 }],
    ['metrics.loss != .5', { entity: 'metric', key: 'loss', op: '!=', value: 0.5 }],
    ['metrics.loss <> +2.5E2', { entity: 'metric', key: 'loss', op: '!=', value: 250 }],
    ['metrics.loss=-1', { entity: 'metric', key: 'loss', op: '=', value: -1 }],
    ['metrics.loss<-1', { entity: 'metric', key: 'loss', op: '<', value: -1 }],
    ['metrics.train.loss < 0.3', { entity: 'metric', key: 'train.loss', op: '<', value: 0.3 }],
    ['metrics.val-loss/x:1 > 0', { entity: 'metric', key: 'val-loss/x:1', op: '>', value: 0 }],
    ['metrics.`f1 score` > 0.5', { entity: 'metric', key: 'f1 score', op: '>', value: 0.5 }],
    ['metrics."f1 score" > 0.5', { entity: 'metric', key: 'f1 score', op: '>', value: 0.5 }],
    ['metrics.`a``b` > 0', { entity: 'metric', key: 'a`b', op: '>', value: 0 }],
    ['metrics.auc IS NULL', { entity: 'metric', key: 'auc', op: 'IS NULL', value: null }],
    ['metrics.auc is not null', { entity: 'metric', key: 'auc', op: 'IS NOT NULL', value: null }],
  ])('parses a metric comparison: %s', (filter, expected) => {
    expect(comparison(filter)).toEqual(expected);
  });

  it.each([
    ["params.max_depth = '4'", { entity: 'param', key: 'max_depth', op: '=', value: '4' }],
    ['param.max_depth = "4"', { entity: 'param', key: 'max_depth', op: '=', value: '4' }],
    ["parameters.lr != '0.1'", { entity: 'param', key: 'lr', op: '!=', value: '0.1' }],
    ["parameter.lr <> '0.1'", { entity: 'param', key: 'lr', op: '!=', value: '0.1' }],
    ["params.opt LIKE 'ad%'", { entity: 'param', key: 'opt', op: 'LIKE', value: 'ad%' }],
    ["params.opt ilike 'AD_M'", { entity: 'param', key: 'opt', op: 'ILIKE', value: 'AD_M' }],
    ["params.Opt = 'x'", { entity: 'param', key: 'Opt', op: '=', value: 'x' }],
    ["params.d IN ('4', '8')", { entity: 'param', key: 'd', op: 'IN', value: ['4', '8'] }],
    ["params.d in('4')", { entity: 'param', key: 'd', op: 'IN', value: ['4'] }],
    ["params.d NOT IN ('4')", { entity: 'param', key: 'd', op: 'NOT IN', value: ['4'] }],
    [
      'params.d not  in ( \'4\' , "5" )',
      { entity: 'param', key: 'd', op: 'NOT IN', value: ['4', '5'] },
    ],
    ['params.d IS NULL', { entity: 'param', key: 'd', op: 'IS NULL', value: null }],
    ["tags.team = 'risk'", { entity: 'tag', key: 'team', op: '=', value: 'risk' }],
    ["tag.`mlflow.note` = ''", { entity: 'tag', key: 'mlflow.note', op: '=', value: '' }],
    ['tags.team IS NOT NULL', { entity: 'tag', key: 'team', op: 'IS NOT NULL', value: null }],
  ])('parses a param or tag comparison: %s', (filter, expected) => {
    expect(comparison(filter)).toEqual(expected);
  });

  it.each([
    ["tags.t = 'it''s'", "it's"],
    ["tags.t = 'it\\'s'", "it's"],
    ['tags.t = "say ""hi"""', 'say "hi"'],
    ['tags.t = "say \\"hi\\""', 'say "hi"'],
    ["tags.t = 'C:\\\\'", 'C:\\'],
    ["tags.t = '100\\%'", '100\\%'],
    ["tags.t = 'a and b or (c)'", 'a and b or (c)'],
    ["tags.t = 'ünïcødé ✓'", 'ünïcødé ✓'],
  ])('unescapes quoted text: %s', (filter, value) => {
    expect(comparison(filter).value).toBe(value);
  });

  it.each([
    ["attributes.status = 'finished'", { key: 'status', op: '=', value: 'finished' }],
    ["attribute.status = 'FINISHED'", { key: 'status', op: '=', value: 'finished' }],
    [
      "attr.status IN ('Failed', 'killed')",
      { key: 'status', op: 'IN', value: ['failed', 'killed'] },
    ],
    ["run.status like 'fin%'", { key: 'status', op: 'LIKE', value: 'fin%' }],
    ["status != 'running'", { key: 'status', op: '!=', value: 'running' }],
    ["attributes.run_name = 'x'", { key: 'run_name', op: '=', value: 'x' }],
    ["attributes.name ILIKE '%cv%'", { key: 'run_name', op: 'ILIKE', value: '%cv%' }],
    ["run_id = 'abc'", { key: 'run_id', op: '=', value: 'abc' }],
    ["attributes.id NOT IN ('a', 'b')", { key: 'run_id', op: 'NOT IN', value: ['a', 'b'] }],
    ["attributes.experiment_id = 'e'", { key: 'experiment_id', op: '=', value: 'e' }],
    ["attributes.git_commit LIKE 'ab12%'", { key: 'git_commit', op: 'LIKE', value: 'ab12%' }],
    ["attributes.git_branch = 'main'", { key: 'git_branch', op: '=', value: 'main' }],
    ['attributes.git_repository IS NULL', { key: 'git_repository', op: 'IS NULL', value: null }],
    ["attributes.created_by = 'u'", { key: 'created_by', op: '=', value: 'u' }],
    ['attributes.START_TIME > 1700000000000', { key: 'start_time', op: '>', value: 1700000000000 }],
    ['end_time <= 1700000000000', { key: 'end_time', op: '<=', value: 1700000000000 }],
    ['attributes.end_time IS NULL', { key: 'end_time', op: 'IS NULL', value: null }],
    ['attributes.git_dirty = true', { key: 'git_dirty', op: '=', value: true }],
    ['git_dirty = FALSE', { key: 'git_dirty', op: '=', value: false }],
    ["git_dirty != 'true'", { key: 'git_dirty', op: '!=', value: true }],
  ])('parses an attribute comparison: %s', (filter, expected) => {
    expect(comparison(filter)).toEqual({ entity: 'attribute', ...expected });
  });

  it.each([
    ["datasets.name = 'iris'", { key: 'name', op: '=', value: 'iris' }],
    ["dataset.digest = 'ab12'", { key: 'digest', op: '=', value: 'ab12' }],
    [
      "datasets.role IN ('Training', 'test')",
      { key: 'role', op: 'IN', value: ['training', 'test'] },
    ],
    ["datasets.context = 'validation'", { key: 'role', op: '=', value: 'validation' }],
    ["datasets.name ILIKE 'IR%'", { key: 'name', op: 'ILIKE', value: 'IR%' }],
  ])('parses a dataset comparison: %s', (filter, expected) => {
    expect(comparison(filter)).toEqual({ entity: 'dataset', ...expected });
  });
});

describe('parseFilter: and, or, parentheses', () => {
  it.each([
    [
      'metrics.a > 1 and metrics.b > 2 or metrics.c > 3',
      '(or (and metric:a> metric:b>) metric:c>)',
    ],
    [
      'metrics.a > 1 or metrics.b > 2 and metrics.c > 3',
      '(or metric:a> (and metric:b> metric:c>))',
    ],
    [
      'metrics.a > 1 AND (metrics.b > 2 OR metrics.c > 3)',
      '(and metric:a> (or metric:b> metric:c>))',
    ],
    ['(metrics.a > 1)', 'metric:a>'],
    [
      '((metrics.a > 1 or metrics.b > 1))and(metrics.c > 1)',
      '(and (or metric:a> metric:b>) metric:c>)',
    ],
    ['metrics.a > 1 Or metrics.b > 2 oR metrics.c > 3', '(or (or metric:a> metric:b>) metric:c>)'],
    ["tags.x = 'a'and tags.y = 'b'", '(and tag:x= tag:y=)'],
  ])('parses %s', (filter, expected) => {
    expect(shape(parseFilter(filter))).toBe(expected);
  });
});

describe('parseFilter: errors', () => {
  it('points at a missing operator with the message the API documents', () => {
    const error = errorOf('metrics.auc   0.8');
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'Invalid filter at position 14: expected a comparison operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) after "metrics.auc"',
    );
    expect(error.details).toEqual({ position: 14 });
    expect(error.fields).toEqual([{ path: 'filter', message: error.message }]);
    expect(error.status).toBe(400);
  });

  // [filter, where the error points (as a substring of the filter, or 'end'), words of the message]
  it.each([
    ["params.x = 'abc", "'abc", 'unterminated string'],
    ['params.x = "abc', '"abc', 'unterminated string'],
    ["params.x = 'it''", "'it''", 'unterminated string'],
    ["params.x = 'a\\'", "'a\\'", 'unterminated string'],
    ['metrics.`f1 score > 1', '`f1', 'unterminated quoted key'],
    ['metrics.`` > 1', '``', 'the key is empty'],
    ['foo.bar = 1', 'foo', 'unknown entity "foo"'],
    ["metric.x > 1 and datasett.name = 'a'", 'datasett', 'unknown entity "datasett"'],
    ["attributes.colour = 'red'", 'colour', 'unknown attribute "colour"; known attributes: status'],
    ["colour = 'red'", 'colour', 'known attributes: status, run_name (or name), run_id (or id)'],
    [
      "datasets.size = '1'",
      'size',
      'unknown dataset field "size"; known fields: name, digest, role',
    ],
    ['metrics > 1', ' > 1', 'expected "." and a key after "metrics"'],
    ['metrics. > 1', ' > 1', 'expected a key after "metrics."'],
    ['.auc > 1', '.auc', 'expected a name such as metrics.auc'],
    [
      'metrics.auc >',
      'end',
      'expected a number as the value of metrics.auc, found the end of the filter',
    ],
    ["metrics.auc > '0.8'", "'0.8'", "expected a number as the value of metrics.auc, found '0.8'"],
    ['metrics.auc > high', 'high', 'expected a number as the value of metrics.auc, found "high"'],
    ['metrics.auc > 0.8.1', '0.8.1', 'invalid number "0.8.1"'],
    ['metrics.auc > 1e', '1e', 'invalid number "1e"'],
    ['metrics.auc > 1and metrics.b > 1', '1and', 'invalid number'],
    ['metrics.auc > 1e999', '1e999', 'the number 1e999 is out of range'],
    ['metrics.auc > NaN', 'NaN', 'expected a number'],
    [
      "metrics.auc LIKE '0.8'",
      'LIKE',
      'LIKE is not supported for metrics.auc; use one of =, !=, >',
    ],
    ["metrics.auc IN ('1')", 'IN', 'IN is not supported for metrics.auc'],
    [
      'params.max_depth = 4',
      '4',
      "expected a quoted string as the value of params.max_depth (e.g. '4')",
    ],
    ['params.max_depth > 4', '>', '> is not supported for params.max_depth'],
    ['tags.team = risk', 'risk', 'expected a quoted string'],
    ['params.d IN 4', '4', "expected a list such as ('a', 'b') after IN"],
    ['params.d IN ()', ')', 'expected a quoted string in the list after IN'],
    ["params.d IN ('4', 5)", '5', 'expected a quoted string in the list after IN'],
    ["params.d IN ('4' '5')", "'5'", 'expected "," or ")" in the list after IN'],
    ["params.d IN ('4',", 'end', 'expected a quoted string in the list after IN'],
    ["params.d NOT ('4')", '(', 'expected IN after NOT'],
    ["datasets.name NOT LIKE 'x'", 'LIKE', 'expected IN after NOT, found "LIKE"'],
    ['params.d IS nothing', 'nothing', 'expected NULL or NOT NULL after IS'],
    ['params.d IS NOT 4', '4', 'expected NULL after IS'],
    ["params.d == '4'", "= '4'", 'expected a quoted string'],
    [
      "attributes.status = 'done'",
      "'done'",
      "invalid value 'done' for attributes.status; expected one of running, finished, failed, killed",
    ],
    [
      "status IN ('running', 'paused')",
      "'paused'",
      "invalid value 'paused' for status; expected one of running",
    ],
    ["datasets.role = 'train'", "'train'", 'expected one of training, validation, test, other'],
    ['attributes.status IS NULL', 'IS', 'IS NULL is not supported for attributes.status'],
    [
      "attributes.start_time > '2024-01-01'",
      "'2024",
      'expected a number as the value of attributes.start_time',
    ],
    ["attributes.start_time LIKE '1%'", 'LIKE', 'LIKE is not supported for attributes.start_time'],
    [
      'attributes.git_dirty = yes',
      'yes',
      'expected true or false as the value of attributes.git_dirty',
    ],
    [
      'attributes.git_dirty > true',
      '>',
      '> is not supported for attributes.git_dirty; use one of =, !=, IS NULL, IS NOT NULL',
    ],
    ['datasets.name IS NULL', 'IS', 'IS NULL is not supported for datasets.name'],
    ['datasets.name = 3', '3', 'expected a quoted string'],
    [
      'metrics.a > 1 and',
      'end',
      'expected a name such as metrics.auc, params.max_depth or attributes.status, found the end of the filter',
    ],
    ['metrics.a > 1 and and metrics.b > 1', 'and metrics.b', 'expected a name such as metrics.auc'],
    ['and metrics.b > 1', 'and', 'expected a name'],
    [
      "metrics.a > 1 tags.x = 'y'",
      'tags.x',
      'expected AND, OR or the end of the filter, found "tags.x"',
    ],
    ['metrics.a > 1 andmetrics.b > 2', 'andmetrics', 'expected AND, OR or the end of the filter'],
    [
      '(metrics.a > 1',
      'end',
      'expected ")" to close the "(" at position 0, found the end of the filter',
    ],
    ['metrics.a > 1)', ')', 'unexpected ")" without a matching "("'],
    ['()', ')', 'expected a name such as metrics.auc'],
    ['not (metrics.a > 1)', 'not', 'expected a name'],
    ["'metrics.a' > 1", "'metrics", 'expected a name such as metrics.auc'],
    [
      'metrics.a ~ 1',
      '~',
      'expected a comparison operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) after "metrics.a"',
    ],
    ['metrics.a', 'end', 'expected a comparison operator'],
    ['metrics.`f1` 7', '7', 'after "metrics.`f1`"'],
  ])('rejects %s', (filter, at, words) => {
    const error = errorOf(filter);
    const position = at === 'end' ? filter.length : filter.indexOf(at);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`Invalid filter at position ${position}: `);
    expect(error.message).toContain(words);
    expect(error.details).toEqual({ position });
    expect(error.fields).toEqual([{ path: 'filter', message: error.message }]);
  });
});

describe('parseFilter: limits', () => {
  it('accepts 4000 characters and rejects 4001', () => {
    const base = "tags.t = '";
    const exact = `${base}${'x'.repeat(4000 - base.length - 1)}'`;
    expect(exact).toHaveLength(4000);
    expect(comparison(exact).value).toHaveLength(4000 - base.length - 1);

    const error = errorOf(`${exact} `);
    expect(error.message).toBe(
      'Invalid filter at position 4000: the filter is 4001 characters long; at most 4000 are allowed',
    );
  });

  it('accepts 50 comparisons and points at the 51st', () => {
    const terms = Array.from({ length: 51 }, (_, i) => `metrics.m${i} > ${i}`);
    expect(() => parseFilter(terms.slice(0, 50).join(' and '))).not.toThrow();
    const filter = terms.join(' or ');
    const error = errorOf(filter);
    expect(error.message).toBe(
      `Invalid filter at position ${filter.indexOf('metrics.m50')}: too many comparisons: at most 50 are allowed`,
    );
  });

  it('accepts 100 list items and points at the 101st', () => {
    const items = Array.from({ length: 101 }, (_, i) => `'v${i}'`);
    const ok = comparison(`params.p IN (${items.slice(0, 100).join(',')})`);
    expect(ok.value).toHaveLength(100);
    const filter = `params.p IN (${items.join(',')})`;
    const error = errorOf(filter);
    expect(error.message).toBe(
      `Invalid filter at position ${filter.indexOf("'v100'")}: too many items in the list: at most 100 are allowed`,
    );
  });
});
