import { Counter, Histogram, Registry } from 'prom-client';
import { LabelledCounter, LabelledHistogram } from './series';

/** The exposition's sample lines, label pairs sorted (Prometheus does not order them). */
function samples(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\w+)(?:\{(.*)\})? (.+)$/.exec(l)!;
      const labels = (m[2] ?? '').match(/\w+="(?:[^"\\]|\\.)*"/g) ?? [];
      return `${m[1]}{${[...labels].sort().join(',')}} ${m[3]}`;
    })
    .sort();
}

function registries() {
  const reference = new Registry();
  const ours = new Registry();
  for (const r of [reference, ours]) r.setDefaultLabels({ service: 'serving' });
  return { reference, ours };
}

// The reference is prom-client itself: the same observations through its Histogram and Counter
// render the same samples (bucket counts cumulative, +Inf, _sum, _count, escaping, default labels).
describe('LabelledHistogram and LabelledCounter', () => {
  it('render what prom-client renders for the same observations', async () => {
    const { reference, ours } = registries();
    const options = {
      name: 'latency_seconds',
      help: 'Latency',
      labelNames: ['deployment', 'route'] as const,
      buckets: [0.001, 0.01, 0.1, 1],
    };
    const theirs = new Histogram({ ...options, registers: [reference] });
    const mine = new LabelledHistogram({ ...options, registers: [ours] });
    const counterOptions = { name: 'requests_total', help: 'Requests', labelNames: ['deployment'] };
    const theirCounter = new Counter({ ...counterOptions, registers: [reference] });
    const myCounter = new LabelledCounter({
      ...counterOptions,
      labelNames: ['deployment'] as const,
      registers: [ours],
    });
    const values = [0.0005, 0.001, 0.004, 0.05, 0.5, 1, 3, 0];
    const names = ['credit-risk', 'a "quoted"\\ name\nwith a newline'];
    for (const [i, v] of values.entries()) {
      const labels = { deployment: names[i % 2]!, route: i % 3 ? 'champion' : 'shadow' };
      theirs.observe(labels, v);
      theirCounter.inc({ deployment: labels.deployment }, i);
      if (i % 2) mine.observe(labels, v);
      else mine.child(labels.deployment, labels.route).observe(v);
      if (i % 2) myCounter.inc({ deployment: labels.deployment }, i);
      else myCounter.child(labels.deployment).inc(i);
    }
    const expected = samples(await reference.metrics());
    expect(expected.length).toBeGreaterThan(20);
    expect(samples(await ours.metrics())).toEqual(expected);
    expect(await ours.metrics()).toContain('# TYPE latency_seconds histogram');
    expect(await ours.metrics()).toContain('# TYPE requests_total counter');
  });

  it('counts without labels, and forgets on reset', async () => {
    const { reference, ours } = registries();
    const theirs = new Counter({ name: 'runs_total', help: 'Runs', registers: [reference] });
    const mine = new LabelledCounter({ name: 'runs_total', help: 'Runs', registers: [ours] });
    for (const c of [theirs, mine]) {
      c.inc();
      c.inc(4);
    }
    expect(samples(await ours.metrics())).toEqual(samples(await reference.metrics()));
    expect(samples(await ours.metrics())).toEqual(['runs_total{service="serving"} 5']);
    for (const r of [reference, ours]) r.resetMetrics();
    expect(samples(await ours.metrics())).toEqual(samples(await reference.metrics()));
    expect(samples(await ours.metrics())).toEqual(['runs_total{service="serving"} 0']);
  });

  it('show a series without labels at 0 before anything is counted, as prom-client does', async () => {
    const { reference, ours } = registries();
    new Counter({ name: 'merged_total', help: 'Merged', registers: [reference] });
    new LabelledCounter({ name: 'merged_total', help: 'Merged', registers: [ours] });
    expect(samples(await ours.metrics())).toEqual(samples(await reference.metrics()));
    expect(samples(await ours.metrics())).toEqual(['merged_total{service="serving"} 0']);
  });

  it('take label values as prom-client does: one left out is left out, a number is its text', async () => {
    const { reference, ours } = registries();
    const options = { name: 'errors_total', help: 'Errors', labelNames: ['route', 'status'] };
    const theirs = new Counter({ ...options, registers: [reference] });
    const mine = new LabelledCounter({
      ...options,
      labelNames: ['route', 'status'] as const,
      registers: [ours],
    });
    const partial = { route: 'champion' } as { route: string; status: string };
    const numeric = { route: 'champion', status: 500 as unknown as string };
    theirs.inc(partial);
    mine.inc(partial);
    theirs.inc(numeric, 2);
    mine.inc(numeric, 2);
    expect(samples(await ours.metrics())).toEqual(samples(await reference.metrics()));
    expect(samples(await ours.metrics())).toHaveLength(2);
  });

  it('refuse what prom-client refuses: NaN, negative increments; bad buckets register nothing', () => {
    const h = new LabelledHistogram({
      name: 'h',
      help: 'h',
      labelNames: ['route'] as const,
      buckets: [1],
    });
    expect(() => h.child('champion').observe(Number.NaN)).toThrow(/not a valid number/);
    const c = new LabelledCounter({ name: 'c', help: 'c' });
    expect(() => c.inc(-1)).toThrow(/cannot be raised by -1/);
    const registry = new Registry();
    expect(
      () => new LabelledHistogram({ name: 'x', help: 'x', buckets: [1, 1], registers: [registry] }),
    ).toThrow(/distinct/);
    expect(registry.getSingleMetric('x')).toBeUndefined();
  });
});
