/**
 * Links, formatting and the traffic editor's logic for the deployment pages (pure: no React, no
 * API calls), so that they are unit-tested. The shapes are the parts of the serving API's
 * answers these functions read; the API's own types (lib/serving-hooks.ts) fit them.
 */

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

export const deploymentsHref = (project: string) => `/deployments?${query({ project })}`;

export const deploymentHref = (project: string, deployment: string) =>
  `/deployments/${encodeURIComponent(deployment)}?${query({ project })}`;

// Formatting

/** A request rate: `0`, `0.83`, `12.5`, `1,250`. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '—';
  if (perSecond === 0) return '0';
  if (perSecond < 10) return perSecond.toFixed(2);
  if (perSecond < 100) return perSecond.toFixed(1);
  return Math.round(perSecond).toLocaleString('en-US');
}

/** A latency: `—` when nothing was measured, `0.42 ms`, `4.2 ms`, `120 ms`, `1.25 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A fraction in [0, 1] as a percentage: `0 %`, `1.2 %`, `100 %`; `—` when unknown. */
export function formatFraction(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return formatPercent(fraction * 100, digits);
}

/** A percentage (0…100) as the editor and the tables show it: `20 %`, `12.5 %`. */
export function formatPercent(percent: number, digits = 1): string {
  if (!Number.isFinite(percent)) return '—';
  const rounded = Number(percent.toFixed(digits));
  return `${rounded} %`;
}

/** A difference between two outputs: four significant digits, `—` when unknown. */
export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

// Traffic

export interface RouteTraffic {
  readonly requests: number;
  readonly errors: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

export interface TrafficFigures {
  readonly champion: RouteTraffic;
  readonly challenger: RouteTraffic;
}

/** Both routes together: the deployment's request rate and error rate. */
export function totalTraffic(t: TrafficFigures): {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  errorRate: number | null;
} {
  const requests = t.champion.requests + t.challenger.requests;
  const errors = t.champion.errors + t.challenger.errors;
  return {
    requests,
    errors,
    requestsPerSecond: t.champion.requestsPerSecond + t.challenger.requestsPerSecond,
    errorRate: requests === 0 ? null : errors / requests,
  };
}

/** One reading of the live figures, for the chart of the last minute. */
export interface TrafficSample {
  /** ms since the epoch. */
  readonly at: number;
  readonly champion: { readonly rps: number; readonly p99Ms: number | null };
  readonly challenger: { readonly rps: number; readonly p99Ms: number | null };
}

export const SAMPLE_WINDOW_MS = 60_000;

/**
 * The samples with `next` appended, keeping those of the last `windowMs` before it. A reading
 * no newer than the last one (a cached answer shown again) changes nothing.
 */
export function addSample(
  samples: readonly TrafficSample[],
  next: TrafficSample,
  windowMs = SAMPLE_WINDOW_MS,
): TrafficSample[] {
  const last = samples[samples.length - 1];
  if (last && next.at <= last.at) return [...samples];
  return [...samples.filter((s) => s.at >= next.at - windowMs), next];
}

export function sampleOf(at: number, t: TrafficFigures): TrafficSample {
  return {
    at,
    champion: { rps: t.champion.requestsPerSecond, p99Ms: t.champion.p99Ms },
    challenger: { rps: t.challenger.requestsPerSecond, p99Ms: t.challenger.p99Ms },
  };
}

// A revision's configuration

export type StickySpec = { readonly header: string } | { readonly field: string };

export interface DecisionRuleLike {
  readonly when: { readonly field: string; readonly op: string; readonly value: unknown };
  readonly then: string;
}

export interface DecisionLike {
  readonly rules: readonly DecisionRuleLike[];
  readonly otherwise: string;
  readonly field?: string | undefined;
}

export interface SpecLike {
  readonly championAlias: string;
  readonly challengerAlias?: string | undefined;
  readonly canaryWeight: number;
  readonly shadowPercent: number;
  readonly sticky?: StickySpec | undefined;
  readonly sampleRate: number;
  readonly outputFields?: unknown;
  readonly decision?: DecisionLike | undefined;
  readonly autoRollback?: unknown;
}

export interface RevisionLike {
  readonly revision: number;
  readonly spec: SpecLike;
  readonly championVersion: number;
  readonly challengerVersion: number | null;
  readonly restores: number | null;
}

/** `none`, `header x-customer-id`, `field customer_id`. */
export function describeSticky(sticky: StickySpec | undefined | null): string {
  if (!sticky) return 'none';
  return 'header' in sticky ? `header ${sticky.header}` : `field ${sticky.field}`;
}

/** `decline if default_probability > 0.3, else approve` (several rules: the first that holds). */
export function describeDecision(decision: DecisionLike | undefined | null): string | null {
  if (!decision) return null;
  const rules = decision.rules.map(
    (r) => `${r.then} if ${r.when.field} ${r.when.op} ${JSON.stringify(r.when.value)}`,
  );
  return `${rules.join('; ')}; else ${decision.otherwise}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What a revision changed from the one before it, in words (`canary 0 % → 20 %`); empty for
 * the first revision, or when only the reason differs.
 */
export function revisionChanges(before: RevisionLike | null, after: RevisionLike): string[] {
  if (!before) return [];
  const a = before.spec;
  const b = after.spec;
  const out: string[] = [];
  if (a.championAlias !== b.championAlias) {
    out.push(`champion alias ${a.championAlias} → ${b.championAlias}`);
  }
  if (before.championVersion !== after.championVersion) {
    out.push(`champion v${before.championVersion} → v${after.championVersion}`);
  }
  if ((a.challengerAlias ?? null) !== (b.challengerAlias ?? null)) {
    out.push(
      !b.challengerAlias
        ? `challenger alias ${a.challengerAlias} removed`
        : !a.challengerAlias
          ? `challenger alias ${b.challengerAlias} added`
          : `challenger alias ${a.challengerAlias} → ${b.challengerAlias}`,
    );
  }
  if (before.challengerVersion !== after.challengerVersion) {
    const v = (n: number | null) => (n === null ? 'none' : `v${n}`);
    out.push(`challenger ${v(before.challengerVersion)} → ${v(after.challengerVersion)}`);
  }
  if (a.canaryWeight !== b.canaryWeight) {
    out.push(`canary ${formatPercent(a.canaryWeight)} → ${formatPercent(b.canaryWeight)}`);
  }
  if (a.shadowPercent !== b.shadowPercent) {
    out.push(`shadow ${formatPercent(a.shadowPercent)} → ${formatPercent(b.shadowPercent)}`);
  }
  if (!same(a.sticky, b.sticky)) {
    out.push(`sticky ${describeSticky(a.sticky)} → ${describeSticky(b.sticky)}`);
  }
  if (a.sampleRate !== b.sampleRate) {
    out.push(`log sample ${formatFraction(a.sampleRate)} → ${formatFraction(b.sampleRate)}`);
  }
  const setting = (name: string, x: unknown, y: unknown) => {
    if (same(x, y)) return;
    out.push(`${name} ${x === undefined ? 'added' : y === undefined ? 'removed' : 'changed'}`);
  };
  setting('output fields', a.outputFields, b.outputFields);
  setting('decision rule', a.decision, b.decision);
  setting('auto-rollback', a.autoRollback, b.autoRollback);
  return out;
}

/**
 * The revision history's note on a rollback. A rollback is a new revision restoring an earlier
 * one (`restores` names the restored revision); it replaced the revision just before it.
 */
export function rollbackNote(r: RevisionLike): string | null {
  if (r.restores === null) return null;
  return `rolled back from r${r.revision - 1} to r${r.restores}`;
}

/** Each revision with what changed from the one before it (the list is newest first). */
export function withChanges<R extends RevisionLike>(
  newestFirst: readonly R[],
): { revision: R; changes: string[] }[] {
  return newestFirst.map((revision, i) => ({
    revision,
    changes: revisionChanges(newestFirst[i + 1] ?? null, revision),
  }));
}

// The traffic editor

export type StickyKind = 'none' | 'header' | 'field';

/** What the traffic editor edits, as its controls hold it. */
export interface TrafficDraft {
  /** '' : no challenger. */
  readonly challengerAlias: string;
  /** Percent, 0…100. */
  readonly canaryWeight: number;
  /** Percent, 0…100. */
  readonly shadowPercent: number;
  readonly stickyKind: StickyKind;
  readonly stickyName: string;
  /** Percent of answered requests logged, 0…100 (the API's sampleRate × 100). */
  readonly samplePercent: number;
}

export function draftOf(spec: SpecLike): TrafficDraft {
  const sticky = spec.sticky;
  return {
    challengerAlias: spec.challengerAlias ?? '',
    canaryWeight: spec.canaryWeight,
    shadowPercent: spec.shadowPercent,
    stickyKind: !sticky ? 'none' : 'header' in sticky ? 'header' : 'field',
    stickyName: !sticky ? '' : 'header' in sticky ? sticky.header : sticky.field,
    // 0.1 × 100 is 10.000000000000002: the percentage keeps the API's precision, not the float's.
    samplePercent: Number((spec.sampleRate * 100).toFixed(6)),
  };
}

/** The fields of `serving.deployments.update` the editor sets; null removes a setting. */
export interface TrafficUpdate {
  challengerAlias?: string | null;
  canaryWeight?: number;
  shadowPercent?: number;
  sticky?: StickySpec | null;
  sampleRate?: number;
}

export interface DraftProblem {
  /** The API's field name, so that the API's own messages land on the same control. */
  readonly path: keyof TrafficUpdate;
  readonly message: string;
}

// RFC 9110 §5.6.2: a header name is a token.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ALIAS = /^[a-z][a-z0-9_-]{0,62}$/;

/** What is wrong with a draft before it is sent (the API checks again). */
export function draftProblems(d: TrafficDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const pct = (path: DraftProblem['path'], label: string, v: number) => {
    if (!Number.isFinite(v) || v < 0 || v > 100) {
      problems.push({ path, message: `${label} must be between 0 and 100 %` });
    }
  };
  pct('canaryWeight', 'The canary weight', d.canaryWeight);
  pct('shadowPercent', 'The shadow share', d.shadowPercent);
  pct('sampleRate', 'The log sample rate', d.samplePercent);
  if (d.challengerAlias && !ALIAS.test(d.challengerAlias)) {
    problems.push({ path: 'challengerAlias', message: 'Not an alias name' });
  }
  const name = d.stickyName.trim();
  if (d.stickyKind !== 'none') {
    if (!name) {
      problems.push({ path: 'sticky', message: `Name the ${d.stickyKind} that keys the routing` });
    } else if (name.length > (d.stickyKind === 'header' ? 100 : 250)) {
      problems.push({ path: 'sticky', message: 'Too long' });
    } else if (d.stickyKind === 'header' && !HEADER_NAME.test(name)) {
      problems.push({ path: 'sticky', message: 'Not a valid header name' });
    }
  }
  return problems;
}

function stickyOfDraft(d: TrafficDraft): StickySpec | null {
  const name = d.stickyName.trim();
  if (d.stickyKind === 'none' || !name) return null;
  return d.stickyKind === 'header' ? { header: name.toLowerCase() } : { field: name };
}

/**
 * The update that turns the current revision's policy into the draft: only what differs, so
 * that the new revision's history says exactly what changed. Empty: nothing to save.
 */
export function trafficUpdate(current: SpecLike, d: TrafficDraft): TrafficUpdate {
  const update: TrafficUpdate = {};
  const challenger = d.challengerAlias || null;
  if (challenger !== (current.challengerAlias ?? null)) update.challengerAlias = challenger;
  if (d.canaryWeight !== current.canaryWeight) update.canaryWeight = d.canaryWeight;
  if (d.shadowPercent !== current.shadowPercent) update.shadowPercent = d.shadowPercent;
  const sticky = stickyOfDraft(d);
  if (!same(sticky, current.sticky ?? null)) update.sticky = sticky;
  const sampleRate = Number((d.samplePercent / 100).toFixed(8));
  if (sampleRate !== current.sampleRate) update.sampleRate = sampleRate;
  return update;
}

/** The update in words, for the save button's summary: `canary 0 % → 20 %`. */
export function describeUpdate(current: SpecLike, update: TrafficUpdate): string[] {
  const spec: SpecLike = {
    ...current,
    ...(update.challengerAlias !== undefined
      ? { challengerAlias: update.challengerAlias ?? undefined }
      : {}),
    ...(update.canaryWeight !== undefined ? { canaryWeight: update.canaryWeight } : {}),
    ...(update.shadowPercent !== undefined ? { shadowPercent: update.shadowPercent } : {}),
    ...(update.sticky !== undefined ? { sticky: update.sticky ?? undefined } : {}),
    ...(update.sampleRate !== undefined ? { sampleRate: update.sampleRate } : {}),
  };
  const at = (s: SpecLike): RevisionLike => ({
    revision: 0,
    spec: s,
    championVersion: 0,
    challengerVersion: null,
    restores: null,
  });
  return revisionChanges(at(current), at(spec));
}

// Calling a deployment

/** An example record for `:predict`: each feature the model names, with 0. */
export function exampleRecord(featureNames: readonly string[] | null | undefined) {
  const names = featureNames && featureNames.length > 0 ? featureNames : ['feature_1', 'feature_2'];
  return Object.fromEntries(names.map((n) => [n, 0]));
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A curl call of the deployment's `:predict` route. The API's address and a key come from the
 * environment, as the CLI reads them (SEXTANT_URL, SEXTANT_API_KEY); a public deployment needs
 * no key.
 */
export function curlPredict(
  endpoint: string,
  record: Record<string, unknown>,
  options: { readonly public?: boolean } = {},
): string {
  return [
    `curl -sS -X POST "$SEXTANT_URL${endpoint}"`,
    ...(options.public ? [] : ['  -H "Authorization: Bearer $SEXTANT_API_KEY"']),
    `  -H 'content-type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(record))}`,
  ].join(' \\\n');
}
