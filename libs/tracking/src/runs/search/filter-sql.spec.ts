import type { Prisma } from '@sextant/db';
import { type FilterComparison, parseFilter } from './filter-parser';
import { compileFilter } from './filter-sql';

/** The compiled SQL of a filter, with whitespace runs collapsed, and its bound values. */
function compile(filter: string): { text: string; values: unknown[] } {
  const sql: Prisma.Sql = compileFilter(parseFilter(filter));
  return { text: sql.text.replace(/\s+/g, ' '), values: sql.values };
}

const METRIC = 'SELECT 1 FROM tracking.latest_metrics m WHERE m.run_id = r.id AND m.key = $1';
const PARAM = 'SELECT 1 FROM tracking.run_params p WHERE p.run_id = r.id AND p.key = $1';
const TAG = 'SELECT 1 FROM tracking.run_tags t WHERE t.run_id = r.id AND t.key = $1';
const DATASET =
  'SELECT 1 FROM tracking.run_inputs i JOIN tracking.dataset_versions d ON d.id = i.dataset_version_id WHERE i.run_id = r.id';
const RUN_ID = '0b7f4f4e-6a3c-4f8e-9d2a-1c5e8b9a0d11';

describe('compileFilter', () => {
  it('is TRUE without a filter', () => {
    expect(compile('')).toEqual({ text: 'TRUE', values: [] });
    expect(compileFilter(null).values).toEqual([]);
  });

  it.each([
    ['>', '>'],
    ['>=', '>='],
    ['<', '<'],
    ['<=', '<='],
    ['=', '='],
    ['!=', '<>'],
    ['<>', '<>'],
  ])('compares the latest metric value with %s, never matching NaN', (op, sqlOp) => {
    expect(compile(`metrics.auc ${op} 0.8`)).toEqual({
      text: `EXISTS (${METRIC} AND m.value ${sqlOp} $2::float8 AND m.value <> 'NaN'::float8)`,
      values: ['auc', 0.8],
    });
  });

  it('tests a metric for presence and absence', () => {
    expect(compile('metrics.`f1 score` IS NULL')).toEqual({
      text: `NOT EXISTS (${METRIC})`,
      values: ['f1 score'],
    });
    expect(compile('metrics.loss IS NOT NULL')).toEqual({
      text: `EXISTS (${METRIC})`,
      values: ['loss'],
    });
  });

  it.each([
    ["params.max_depth = '4'", 'p.value = $2', ['max_depth', '4']],
    ["params.max_depth != '4'", 'p.value <> $2', ['max_depth', '4']],
    ["params.opt LIKE 'ad%'", 'p.value LIKE $2', ['opt', 'ad%']],
    ["params.opt ILIKE 'AD%'", 'p.value ILIKE $2', ['opt', 'AD%']],
    ["params.d IN ('4', '8', '16')", 'p.value IN ($2,$3,$4)', ['d', '4', '8', '16']],
    ["params.d NOT IN ('4')", 'p.value NOT IN ($2)', ['d', '4']],
  ])('compiles %s on run_params', (filter, predicate, values) => {
    expect(compile(filter)).toEqual({ text: `EXISTS (${PARAM} AND ${predicate})`, values });
  });

  it('compiles tags on run_tags, and IS NULL as the key being absent', () => {
    expect(compile("tags.team = 'risk'")).toEqual({
      text: `EXISTS (${TAG} AND t.value = $2)`,
      values: ['team', 'risk'],
    });
    expect(compile('tags.team IS NULL')).toEqual({ text: `NOT EXISTS (${TAG})`, values: ['team'] });
    expect(compile('params.seed IS NOT NULL')).toEqual({
      text: `EXISTS (${PARAM})`,
      values: ['seed'],
    });
  });

  it.each([
    ["status = 'FINISHED'", 'r.status::text = $1', ['finished']],
    ["status IN ('failed', 'killed')", 'r.status::text IN ($1,$2)', ['failed', 'killed']],
    ["name LIKE 'cv-%'", 'r.name LIKE $1', ['cv-%']],
    ["attributes.run_name != 'x'", 'r.name <> $1', ['x']],
    ["git_commit = 'ab12'", 'r.git_commit = $1', ['ab12']],
    ["git_branch NOT IN ('main')", 'r.git_branch NOT IN ($1)', ['main']],
    ["git_repository ILIKE '%org/%'", 'r.git_repository ILIKE $1', ['%org/%']],
    ['git_repository IS NULL', 'r.git_repository IS NULL', []],
    ['end_time IS NOT NULL', 'r.end_time IS NOT NULL', []],
    ['git_dirty = true', 'r.git_dirty = TRUE', []],
    ["git_dirty = 'false'", 'r.git_dirty = FALSE', []],
    ['git_dirty != true', 'r.git_dirty = FALSE', []],
    ['git_dirty != false', 'r.git_dirty = TRUE', []],
  ])('compiles the attribute comparison %s', (filter, text, values) => {
    expect(compile(filter)).toEqual({ text, values });
  });

  it.each([
    ['>', '>'],
    ['>=', '>='],
    ['<', '<'],
    ['<=', '<='],
    ['=', '='],
    ['!=', '<>'],
  ])('compares start_time %s milliseconds on the column itself', (op, sqlOp) => {
    expect(compile(`attributes.start_time ${op} 1700000000123`)).toEqual({
      text: `r.start_time ${sqlOp} to_timestamp($1::float8 / 1000)`,
      values: [1700000000123],
    });
  });

  describe('uuid attributes', () => {
    it('casts a valid id and compares the uuid column', () => {
      expect(compile(`run_id = '${RUN_ID}'`)).toEqual({
        text: 'r.id = $1::uuid',
        values: [RUN_ID],
      });
      expect(compile(`experiment_id != '${RUN_ID.toUpperCase()}'`)).toEqual({
        text: 'r.experiment_id <> $1::uuid',
        values: [RUN_ID.toUpperCase()],
      });
    });

    it('settles an id that is not a UUID without a cast PostgreSQL would reject', () => {
      expect(compile("run_id = 'not-a-uuid'")).toEqual({ text: 'FALSE', values: [] });
      expect(compile("created_by != 'bob'")).toEqual({
        text: 'r.created_by IS NOT NULL',
        values: [],
      });
      expect(compile("run_id IN ('x', 'y')")).toEqual({ text: 'FALSE', values: [] });
      expect(compile("run_id NOT IN ('x')")).toEqual({ text: 'r.id IS NOT NULL', values: [] });
    });

    it('keeps only the valid ids of a list', () => {
      expect(compile(`id IN ('x', '${RUN_ID}')`)).toEqual({
        text: 'r.id IN ($1::uuid)',
        values: [RUN_ID],
      });
      expect(compile(`id NOT IN ('${RUN_ID}', 'y')`)).toEqual({
        text: 'r.id NOT IN ($1::uuid)',
        values: [RUN_ID],
      });
    });

    it('matches patterns on the text form', () => {
      expect(compile("run_id LIKE '0b7f%'")).toEqual({
        text: 'r.id::text LIKE $1',
        values: ['0b7f%'],
      });
      expect(compile('created_by IS NULL')).toEqual({ text: 'r.created_by IS NULL', values: [] });
    });
  });

  it.each([
    ["datasets.name = 'iris'", 'd.name = $1', ['iris']],
    ["datasets.digest = 'ab12'", 'd.sha256 = $1', ['ab12']],
    ["datasets.role IN ('training', 'test')", 'i.role::text IN ($1,$2)', ['training', 'test']],
  ])(
    'compiles the dataset comparison %s as an EXISTS over the inputs',
    (filter, predicate, values) => {
      expect(compile(filter)).toEqual({ text: `EXISTS (${DATASET} AND ${predicate})`, values });
    },
  );

  it('flattens chains of AND and OR and keeps the precedence in parentheses', () => {
    const metric = (k: number, v: number) =>
      `EXISTS (SELECT 1 FROM tracking.latest_metrics m WHERE m.run_id = r.id AND m.key = $${k} AND m.value > $${v}::float8 AND m.value <> 'NaN'::float8)`;
    expect(compile('metrics.a > 1 and metrics.b > 2 and metrics.c > 3')).toEqual({
      text: `(${metric(1, 2)} AND ${metric(3, 4)} AND ${metric(5, 6)})`,
      values: ['a', 1, 'b', 2, 'c', 3],
    });

    const text = compile("status = 'failed' or name = 'x' and git_commit = 'c'").text;
    expect(text).toBe('(r.status::text = $1 OR (r.name = $2 AND r.git_commit = $3))');
    const grouped = compile("(status = 'failed' or name = 'x') and git_commit = 'c'").text;
    expect(grouped).toBe('((r.status::text = $1 OR r.name = $2) AND r.git_commit = $3)');
  });

  it('numbers its placeholders in the order of the values', () => {
    const sql = compileFilter(
      parseFilter(
        "metrics.auc > 0.8 and params.max_depth = '4' and tags.team = 'risk' and attributes.status = 'finished'",
      ),
    );
    const placeholders = [...sql.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    expect(placeholders).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sql.values).toEqual(['auc', 0.8, 'max_depth', '4', 'team', 'risk', 'finished']);
  });

  describe('bound parameters only', () => {
    it('binds an injection attempt as a value', () => {
      const sql = compileFilter(parseFilter("params.x = ''' OR 1=1 --'"));
      expect(sql.values).toEqual(['x', "' OR 1=1 --"]);
      expect(sql.text).toBe(`EXISTS (${PARAM} AND p.value = $2)`);
      expect(sql.strings.join('')).not.toContain('1=1');
    });

    it.each([
      "params.`k'; DROP TABLE tracking.runs; --` = 'v'",
      'tags."a""b" IN (\'); DELETE FROM x; --\', \'ok\')',
      "metrics.`x) OR (1=1` > 0 or datasets.name = 'z'' OR ''1''=''1'",
      "attributes.git_branch LIKE '%'' OR TRUE --' and status = 'failed'",
      "run_id LIKE '%'';--'",
    ])('never puts user text in the SQL text: %s', (filter) => {
      const sql = compileFilter(parseFilter(filter));
      const text = sql.strings.join('');
      for (const word of ['DROP', 'DELETE', '1=1', '--', ';', 'OR TRUE']) {
        expect(text).not.toContain(word);
      }
      // The only quote in the text is in the constant 'NaN'::float8 of metric comparisons.
      expect(text.replace(/'NaN'/g, '')).not.toContain("'");
      expect(sql.values.length).toBeGreaterThan(0);
    });
  });

  it('rejects a hand-made node that parseFilter would never produce', () => {
    const bad = (overrides: Partial<FilterComparison>): FilterComparison => ({
      kind: 'comparison',
      entity: 'metric',
      key: 'auc',
      op: '>',
      value: 1,
      position: 0,
      ...overrides,
    });
    for (const node of [
      bad({ value: 'high' }),
      bad({ op: 'LIKE' }),
      bad({ value: Number.NaN }),
      bad({ entity: 'param', op: '>', value: 'x' }),
      bad({ entity: 'param', op: 'IN', value: [] }),
      bad({ entity: 'attribute', key: 'colour', op: '=', value: 'red' }),
      bad({ entity: 'attribute', key: 'name', op: '=', value: 'x' }),
      bad({ entity: 'attribute', key: 'status', op: 'IS NULL', value: null }),
      bad({ entity: 'dataset', key: 'size', op: '=', value: '1' }),
    ]) {
      expect(() => compileFilter(node)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    }
  });
});
