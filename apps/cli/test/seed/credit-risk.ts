import { setTimeout as sleep } from 'node:timers/promises';
import type { SextantClient } from '@sextant/client';
import {
  type TrackingConnection,
  putArtifact,
  registerModel,
  startRun,
} from '@sextant/client/training';
import { logisticRegressionModel } from '@sextant/onnx';

/** The credit-risk seed's inputs, in the model's column order. */
export const CREDIT_FEATURES = ['income', 'debt', 'age', 'history_score'] as const;
export type Loan = Record<(typeof CREDIT_FEATURES)[number], number>;
/** The applicant of issue 8's seed scenario. */
export const APPLICANT: Loan = { income: 52000, debt: 18000, age: 37, history_score: 0.62 };

/** A logistic regression on the raw features: P(default) = σ(w·x + b). */
export interface CreditModel {
  readonly w: readonly number[];
  readonly b: number;
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Synthetic loans (seeded): income, debt, age and a credit-history score drawn around plausible
 * values, and `defaulted` drawn from a true logistic model in which debt raises the risk and
 * income, age and history lower it.
 */
export function syntheticLoans(n: number, seed: number): { X: Loan[]; y: number[] } {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const X: Loan[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const income = Math.max(8000, 55000 + 20000 * normal());
    const debt = Math.max(0, 20000 + 10000 * normal());
    const age = Math.min(80, Math.max(18, 40 + 12 * normal()));
    const history = Math.min(1, Math.max(0, 0.6 + 0.2 * normal()));
    const z =
      -1 -
      0.00004 * (income - 55000) +
      0.0001 * (debt - 20000) -
      0.02 * (age - 40) -
      3 * (history - 0.6);
    X.push({ income, debt, age, history_score: history });
    y.push(random() < sigmoid(z) ? 1 : 0);
  }
  return { X, y };
}

/**
 * Fits a logistic regression by batch gradient descent on standardised features and returns it
 * on the raw scale (w / sd, b − Σ w·mean / sd), so that σ(w·x + b) is the fitted probability.
 */
export function trainCreditRisk(
  data: { X: Loan[]; y: number[] },
  options: { epochs?: number; rate?: number; l2?: number } = {},
): CreditModel {
  const k = CREDIT_FEATURES.length;
  const n = data.X.length;
  const cols = CREDIT_FEATURES.map((f) => data.X.map((r) => r[f]));
  const mean = cols.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const sd = cols.map((c, j) => Math.sqrt(c.reduce((a, v) => a + (v - mean[j]!) ** 2, 0) / n) || 1);
  const Z = data.X.map((r) => CREDIT_FEATURES.map((f, j) => (r[f] - mean[j]!) / sd[j]!));
  const w = new Array<number>(k).fill(0);
  let b = 0;
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 0;
  for (let epoch = 0; epoch < (options.epochs ?? 300); epoch++) {
    const gw = new Array<number>(k).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const err = sigmoid(Z[i]!.reduce((s, z, j) => s + z * w[j]!, b)) - data.y[i]!;
      for (let j = 0; j < k; j++) gw[j]! += err * Z[i]![j]!;
      gb += err;
    }
    for (let j = 0; j < k; j++) w[j]! -= rate * (gw[j]! / n + l2 * w[j]!);
    b -= (rate * gb) / n;
  }
  return {
    w: w.map((wj, j) => wj / sd[j]!),
    b: b - w.reduce((s, wj, j) => s + (wj * mean[j]!) / sd[j]!, 0),
  };
}

/** P(default) of a record under a model, computed here (independently of onnxruntime). */
export function pDefault(model: CreditModel, record: Loan): number {
  return sigmoid(CREDIT_FEATURES.reduce((s, f, j) => s + model.w[j]! * record[f], model.b));
}

/** The model as ONNX (libs/onnx): class 1 = default, so `probabilities[:, 1]` is P(default). */
export function creditOnnx(model: CreditModel): Uint8Array {
  return logisticRegressionModel({
    weights: [new Array<number>(CREDIT_FEATURES.length).fill(0), [...model.w]],
    intercepts: [0, model.b],
    classLabels: [0, 1],
    featureNames: [...CREDIT_FEATURES],
  });
}

/** A training run that logs the model as `model.onnx`, registered as the next version. */
export async function registerCreditVersion(
  connection: TrackingConnection,
  options: { project: string; model: string; run: string; credit: CreditModel; alias?: string },
): Promise<number> {
  const run = await startRun(
    connection,
    { project: options.project, experiment: 'credit-risk', name: options.run },
    (r) => r.logParams({ features: CREDIT_FEATURES.join(',') }),
  );
  await putArtifact(connection, run.id, 'model.onnx', creditOnnx(options.credit));
  const version = await registerModel(connection, {
    project: options.project,
    model: options.model,
    runId: run.id,
    artifactPath: 'model.onnx',
    ...(options.alias ? { alias: options.alias } : {}),
  });
  return version.version;
}

/** The deployment of issue 8's seed: P(default) rounded to 4 places, "decline" above 0.3. */
export const CREDIT_DEPLOYMENT = {
  outputFields: [{ field: 'default_probability', output: 'probabilities', column: 1, round: 4 }],
  decision: {
    rules: [
      { when: { field: 'default_probability', op: '>' as const, value: 0.3 }, then: 'decline' },
    ],
    otherwise: 'approve',
  },
};

/**
 * Retries `fn` until it stops failing (serving learns registry changes through events, so a
 * deployment of a just-registered alias may need a moment).
 */
export async function eventually<T>(fn: () => Promise<T>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(100);
    }
  }
}

/** Creates the credit-risk deployment once serving knows the aliases. */
export function deployCreditRisk(
  admin: SextantClient,
  options: {
    project: string;
    name: string;
    model: string;
    challengerAlias?: string;
    shadowPercent?: number;
    sampleRate?: number;
  },
) {
  return eventually(() =>
    admin.serving.deployments.create.mutate({
      project: options.project,
      name: options.name,
      model: options.model,
      ...(options.challengerAlias ? { challengerAlias: options.challengerAlias } : {}),
      ...(options.shadowPercent !== undefined ? { shadowPercent: options.shadowPercent } : {}),
      ...(options.sampleRate !== undefined ? { sampleRate: options.sampleRate } : {}),
      ...CREDIT_DEPLOYMENT,
    }),
  );
}
