import { type TrackingHarness, outcome, startTracking } from './harness';

describe('runs.search', () => {
  let h: TrackingHarness;
  const names = async (input: { filter?: string; orderBy?: string[]; experiments?: string[] }) =>
    (await h.tracking.runs.search.query({ project: h.project, limit: 1000, ...input })).runs.map(
      (r) => r.name,
    );

  beforeAll(async () => {
    h = await startTracking();
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'sweep' });
    await h.tracking.experiments.create.mutate({ project: h.project, name: 'other' });
    // rf-<n>-<depth>: auc rises with n, team alternates, one run has a NaN auc, one none at all.
    let t = Date.UTC(2026, 0, 1);
    for (const n of [50, 100, 200]) {
      for (const depth of ['none', '4', '8']) {
        const run = await h.tracking.runs.create.mutate({
          project: h.project,
          experiment: 'sweep',
          name: `rf-${n}-${depth}`,
          startTime: (t += 1000),
          tags: { team: depth === '4' ? 'risk' : 'growth' },
        });
        const auc = n === 200 && depth === '8' ? 'NaN' : n / 250 + (depth === '4' ? 0.05 : 0);
        await h.tracking.runs.logBatch.mutate({
          project: h.project,
          runId: run.id,
          batchId: 'b',
          params: [
            { key: 'n_estimators', value: String(n) },
            { key: 'max_depth', value: depth },
          ],
          metrics: [
            { key: 'auc', value: auc as number },
            { key: 'f1 score', value: 0.5 },
          ],
        });
        if (n === 100)
          await h.tracking.runs.update.mutate({
            project: h.project,
            runId: run.id,
            status: 'finished',
          });
      }
    }
    await h.tracking.runs.create.mutate({
      project: h.project,
      experiment: 'other',
      name: 'lonely',
      startTime: (t += 1000),
    });
  });
  afterAll(() => h.close());

  it('filters on metrics, params, tags and attributes together', async () => {
    expect(
      await names({
        filter: "metrics.auc > 0.3 and params.max_depth = '4' and tags.team = 'risk'",
      }),
    ).toEqual(['rf-200-4', 'rf-100-4']);
    expect(
      await names({ filter: "attributes.status = 'finished'", orderBy: ['run_name'] }),
    ).toEqual(['rf-100-4', 'rf-100-8', 'rf-100-none']);
    expect(await names({ filter: 'metrics.`f1 score` >= 0.5 and metrics.auc < 0.3' })).toEqual([
      'rf-50-8',
      'rf-50-4',
      'rf-50-none',
    ]);
    expect(
      await names({ filter: "params.max_depth IN ('4', '8') and params.n_estimators = '200'" }),
    ).toEqual(['rf-200-8', 'rf-200-4']);
    expect(
      await names({
        filter: "attributes.run_name LIKE 'rf-50-%'",
        orderBy: ['attributes.run_name'],
      }),
    ).toEqual(['rf-50-4', 'rf-50-8', 'rf-50-none']);
  });

  it('never matches NaN in a comparison, and sorts it after numbers, before runs without the metric', async () => {
    expect(await names({ filter: 'metrics.auc > 0' })).not.toContain('rf-200-8');
    const sorted = await names({ orderBy: ['metrics.auc DESC'] });
    expect(sorted.slice(0, 2)).toEqual(['rf-200-4', 'rf-200-none']);
    expect(sorted.slice(-2)).toEqual(['rf-200-8', 'lonely']);
    const ascending = await names({ orderBy: ['metrics.auc ASC'] });
    expect(ascending.slice(0, 2).sort()).toEqual(['rf-50-8', 'rf-50-none']);
    expect(ascending.slice(-2)).toEqual(['rf-200-8', 'lonely']);
  });

  it('scopes to experiments and pages with a cursor without gaps or repeats', async () => {
    expect(await names({ experiments: ['other'] })).toEqual(['lonely']);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.tracking.runs.search.query({
        project: h.project,
        experiments: ['sweep'],
        orderBy: ['metrics.auc DESC'],
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.total).toBe(9);
      seen.push(...page.runs.map((r) => r.name));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(await names({ experiments: ['sweep'], orderBy: ['metrics.auc DESC'] }));
    const page1 = await h.tracking.runs.search.query({ project: h.project, limit: 4 });
    const reused = await outcome(
      h.tracking.runs.search.query({
        project: h.project,
        limit: 4,
        filter: 'metrics.auc > 0',
        cursor: page1.nextCursor!,
      }),
    );
    expect(reused.status).toBe(400);
    expect(reused.fields.map((f) => f.path)).toEqual(['cursor']);
  });

  it('a malformed filter is a 400 pointing at the position of the error', async () => {
    const bad = await outcome(
      h.tracking.runs.search.query({ project: h.project, filter: 'metrics.auc >> 0.8' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.fields[0]!.path).toBe('filter');
    expect(bad.details?.['position']).toBe(13);
    expect(bad.message).toContain('13');
    const unquoted = await outcome(
      h.tracking.runs.search.query({ project: h.project, filter: 'params.max_depth = 4' }),
    );
    expect(unquoted.status).toBe(400);
    const entity = await outcome(
      h.tracking.runs.search.query({ project: h.project, filter: "foo.bar = '1'" }),
    );
    expect(entity.status).toBe(400);
    expect(entity.details?.['position']).toBe(0);
    const order = await outcome(
      h.tracking.runs.search.query({ project: h.project, orderBy: ['metrics.auc sideways'] }),
    );
    expect(order.status).toBe(400);
    expect(order.fields[0]!.path).toBe('orderBy.0');
  });

  it('keeps user text out of the SQL: an injection attempt is just a value that matches nothing', async () => {
    expect(await names({ filter: "params.max_depth = '4'' OR 1=1 --'" })).toEqual([]);
    expect(await names({ filter: "tags.team = 'x\\' OR true --'" })).toEqual([]);
  });
});
