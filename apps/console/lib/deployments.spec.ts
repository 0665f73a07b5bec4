import { describe, expect, it } from '@jest/globals';
import {
  type RevisionLike,
  type SpecLike,
  type TrafficSample,
  addSample,
  curlPredict,
  deploymentHref,
  deploymentsHref,
  describeDecision,
  describeSticky,
  describeUpdate,
  draftOf,
  draftProblems,
  exampleRecord,
  formatDelta,
  formatFraction,
  formatMs,
  formatPercent,
  formatRate,
  revisionChanges,
  rollbackNote,
  totalTraffic,
  trafficUpdate,
  withChanges,
} from './deployments';

const spec = (over: Partial<SpecLike> = {}): SpecLike => ({
  championAlias: 'champion',
  canaryWeight: 0,
  shadowPercent: 0,
  sampleRate: 1,
  ...over,
});
const revision = (n: number, over: Partial<RevisionLike> = {}): RevisionLike => ({
  revision: n,
  spec: spec(),
  championVersion: 1,
  challengerVersion: null,
  restores: null,
  ...over,
});

describe('deployment links', () => {
  it('carry the project', () => {
    expect(deploymentsHref('risk')).toBe('/deployments?project=risk');
    expect(deploymentHref('risk', 'credit-risk')).toBe('/deployments/credit-risk?project=risk');
    expect(deploymentHref('a b', 'x')).toBe('/deployments/x?project=a+b');
  });
});

describe('formatting', () => {
  it('shows request rates with as many decimals as they need', () => {
    expect(formatRate(0)).toBe('0');
    expect(formatRate(50 / 60)).toBe('0.83');
    expect(formatRate(12.54)).toBe('12.5');
    expect(formatRate(1249.6)).toBe('1,250');
    expect(formatRate(Number.NaN)).toBe('—');
  });

  it('shows latencies in ms or s, and a dash when nothing was measured', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(0.4212)).toBe('0.42 ms');
    expect(formatMs(4.25)).toBe('4.3 ms');
    expect(formatMs(120.4)).toBe('120 ms');
    expect(formatMs(1250)).toBe('1.25 s');
  });

  it('shows fractions and percentages without float noise', () => {
    expect(formatFraction(0)).toBe('0 %');
    expect(formatFraction(0.0123)).toBe('1.2 %');
    expect(formatFraction(1)).toBe('100 %');
    expect(formatFraction(null)).toBe('—');
    expect(formatPercent(20)).toBe('20 %');
    expect(formatPercent(12.5)).toBe('12.5 %');
    expect(formatPercent(0.1 * 3 * 100)).toBe('30 %');
  });

  it('shows output deltas to four significant digits', () => {
    expect(formatDelta(0.012345)).toBe('0.01235');
    expect(formatDelta(0)).toBe('0');
    expect(formatDelta(-0.5)).toBe('-0.5');
    expect(formatDelta(0.00001234)).toBe('1.23e-5');
    expect(formatDelta(null)).toBe('—');
  });
});

describe('traffic', () => {
  const route = (requests: number, errors: number) => ({
    requests,
    errors,
    requestsPerSecond: requests / 60,
    p50Ms: null,
    p99Ms: null,
  });

  it('adds both routes up: requests, errors, the rate and the error rate', () => {
    const total = totalTraffic({ champion: route(45, 1), challenger: route(15, 2) });
    expect(total.requests).toBe(60);
    expect(total.errors).toBe(3);
    expect(total.requestsPerSecond).toBeCloseTo(1, 10);
    expect(total.errorRate).toBeCloseTo(0.05, 10);
    expect(totalTraffic({ champion: route(0, 0), challenger: route(0, 0) }).errorRate).toBeNull();
  });

  it('keeps the last minute of samples, and ignores a reading no newer than the last', () => {
    const s = (at: number): TrafficSample => ({
      at,
      champion: { rps: at, p99Ms: null },
      challenger: { rps: 0, p99Ms: null },
    });
    let samples: TrafficSample[] = [];
    for (const at of [0, 2_000, 30_000, 61_000]) samples = addSample(samples, s(at));
    // At 61 s, the sample at 0 s is more than a minute old.
    expect(samples.map((x) => x.at)).toEqual([2_000, 30_000, 61_000]);
    expect(addSample(samples, s(61_000)).map((x) => x.at)).toEqual([2_000, 30_000, 61_000]);
    expect(addSample(samples, s(62_500), 10_000).map((x) => x.at)).toEqual([61_000, 62_500]);
  });
});

describe('describing a revision', () => {
  it('names the sticky key and the decision rule', () => {
    expect(describeSticky(undefined)).toBe('none');
    expect(describeSticky({ header: 'x-customer-id' })).toBe('header x-customer-id');
    expect(describeSticky({ field: 'customer_id' })).toBe('field customer_id');
    expect(
      describeDecision({
        rules: [{ when: { field: 'default_probability', op: '>', value: 0.3 }, then: 'decline' }],
        otherwise: 'approve',
      }),
    ).toBe('decline if default_probability > 0.3; else approve');
    expect(describeDecision(undefined)).toBeNull();
  });

  it('lists what a revision changed from the one before it', () => {
    const before = revision(1, {
      spec: spec({ challengerAlias: 'challenger', shadowPercent: 50 }),
      challengerVersion: 2,
    });
    const after = revision(2, {
      spec: spec({
        challengerAlias: 'challenger',
        canaryWeight: 20,
        shadowPercent: 50,
        sticky: { header: 'x-user' },
        sampleRate: 0.1,
      }),
      challengerVersion: 2,
    });
    expect(revisionChanges(before, after)).toEqual([
      'canary 0 % → 20 %',
      'sticky none → header x-user',
      'log sample 100 % → 10 %',
    ]);
    expect(revisionChanges(null, before)).toEqual([]);
    expect(revisionChanges(before, { ...before, revision: 2 })).toEqual([]);
  });

  it('names version moves, a challenger added or removed, and other settings', () => {
    const before = revision(1, { spec: spec({ decision: { rules: [], otherwise: 'x' } }) });
    const after = revision(2, {
      championVersion: 2,
      challengerVersion: 3,
      spec: spec({ challengerAlias: 'challenger', outputFields: [{ field: 'p' }] }),
    });
    expect(revisionChanges(before, after)).toEqual([
      'champion v1 → v2',
      'challenger alias challenger added',
      'challenger none → v3',
      'output fields added',
      'decision rule removed',
    ]);
    expect(revisionChanges(after, before)).toContain('challenger alias challenger removed');
  });

  it('pairs each revision (newest first) with its changes, and notes rollbacks', () => {
    const list = [
      revision(3, { restores: 1 }),
      revision(2, { spec: spec({ canaryWeight: 20 }) }),
      revision(1),
    ];
    const rows = withChanges(list);
    expect(rows.map((r) => r.changes)).toEqual([['canary 20 % → 0 %'], ['canary 0 % → 20 %'], []]);
    expect(rollbackNote(list[0]!)).toBe('rolled back from r2 to r1');
    expect(rollbackNote(list[1]!)).toBeNull();
  });
});

describe('the traffic editor', () => {
  const current = spec({
    challengerAlias: 'challenger',
    shadowPercent: 50,
    sticky: { field: 'customer_id' },
    sampleRate: 0.1,
  });

  it('starts from the current revision', () => {
    expect(draftOf(current)).toEqual({
      challengerAlias: 'challenger',
      canaryWeight: 0,
      shadowPercent: 50,
      stickyKind: 'field',
      stickyName: 'customer_id',
      samplePercent: 10,
    });
    expect(draftOf(spec())).toMatchObject({ challengerAlias: '', stickyKind: 'none' });
  });

  it('sends only what changed, and nothing when nothing did', () => {
    const draft = draftOf(current);
    expect(trafficUpdate(current, draft)).toEqual({});
    expect(trafficUpdate(current, { ...draft, canaryWeight: 20 })).toEqual({ canaryWeight: 20 });
    expect(trafficUpdate(current, { ...draft, samplePercent: 25 })).toEqual({ sampleRate: 0.25 });
    expect(trafficUpdate(current, { ...draft, stickyKind: 'none' })).toEqual({ sticky: null });
    expect(
      trafficUpdate(current, { ...draft, stickyKind: 'header', stickyName: ' X-Customer ' }),
    ).toEqual({ sticky: { header: 'x-customer' } });
    expect(trafficUpdate(current, { ...draft, challengerAlias: '' })).toEqual({
      challengerAlias: null,
    });
  });

  it('says what the save will change', () => {
    const update = trafficUpdate(current, { ...draftOf(current), canaryWeight: 20 });
    expect(describeUpdate(current, update)).toEqual(['canary 0 % → 20 %']);
    expect(describeUpdate(current, { sticky: null, challengerAlias: null })).toEqual([
      'challenger alias challenger removed',
      'sticky field customer_id → none',
    ]);
  });

  it('refuses a draft the API would refuse, naming the field', () => {
    const draft = draftOf(current);
    expect(draftProblems(draft)).toEqual([]);
    expect(draftProblems({ ...draft, canaryWeight: 101 })).toEqual([
      { path: 'canaryWeight', message: 'The canary weight must be between 0 and 100 %' },
    ]);
    expect(draftProblems({ ...draft, stickyKind: 'header', stickyName: ' ' })[0]?.path).toBe(
      'sticky',
    );
    expect(draftProblems({ ...draft, stickyKind: 'header', stickyName: 'x user' })).toEqual([
      { path: 'sticky', message: 'Not a valid header name' },
    ]);
    expect(draftProblems({ ...draft, challengerAlias: 'Champion!' })[0]?.path).toBe(
      'challengerAlias',
    );
  });
});

describe('calling a deployment', () => {
  it('builds an example record from the model’s feature names', () => {
    expect(exampleRecord(['income', 'debt'])).toEqual({ income: 0, debt: 0 });
    expect(Object.keys(exampleRecord(null))).toHaveLength(2);
  });

  it('writes a curl call of :predict, with a key unless the deployment is public', () => {
    const endpoint = '/v1/models/credit-risk:predict?project=risk';
    expect(curlPredict(endpoint, { income: 1, name: "O'Brien" })).toBe(
      [
        'curl -sS -X POST "$SEXTANT_URL/v1/models/credit-risk:predict?project=risk" \\',
        '  -H "Authorization: Bearer $SEXTANT_API_KEY" \\',
        "  -H 'content-type: application/json' \\",
        `  -d '{"income":1,"name":"O'\\''Brien"}'`,
      ].join('\n'),
    );
    expect(curlPredict(endpoint, {}, { public: true })).not.toContain('Authorization');
  });
});
