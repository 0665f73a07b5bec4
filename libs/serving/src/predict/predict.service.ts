import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Caller, ProjectAccess } from '@sextant/api';
import { AppError } from '@sextant/errors';
import type { Tensor } from 'onnxruntime-node';
import { DEFAULT_MICRO_BATCHING } from '../deployments/deployments.types';
import { decide, decisionField } from '../inference/decision';
import { formatInferResponse, modelMetadata, parseInferRequest } from '../inference/oip';
import { outputNamesOf, recordsFromOutputs } from '../inference/outputs';
import { feedsToRecords, recordsToFeeds } from '../inference/records';
import { LiveDeployments, type LiveDeployment, type LiveSide } from '../live/live-deployments';
import { ServingMetrics } from '../live/serving-metrics';
import { type LoggedRequest, PredictionLog } from '../prediction-log/prediction-log';
import { ShadowRunner } from './shadow';
import { type AnswerRoute, TrafficService } from './traffic.service';

/** An authorisation to predict: refused ones are forgotten (`until` 0) once they fail. */
interface Access {
  until: number;
  readonly ok: Promise<void>;
}

/** How long an authorisation to predict is remembered (a revoked key stops within this). */
const ACCESS_TTL_MS = 5_000;

export interface PredictRequest {
  readonly project: string;
  readonly name: string;
  readonly caller: Caller | null;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

export interface Answer {
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

type Json = Record<string, unknown>;

/** FNV-1a of a string → [0, 100): the same sticky key always lands on the same side. */
function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) % 10_000) / 100;
}

function notFound(name: string): AppError {
  return new AppError('NOT_FOUND', `Deployment "${name}" not found`, {
    fields: [{ path: 'name', message: `no deployment "${name}" in this project` }],
  });
}

/**
 * The inference path: finds the deployment this replica serves, authorises the caller (a key
 * with the viewer role in the project, or none for a public deployment), picks the side (canary
 * weight, sticky by a header or a field), runs the model, names the answer's fields and the
 * decision — and after the answer, without delaying it, logs the records (sampled) and mirrors
 * the request to the challenger (shadow).
 */
@Injectable()
export class PredictService {
  private readonly access = new Map<string, Access>();
  private readonly accessByCaller = new WeakMap<Caller, Map<string, Access>>();
  private readonly headerCache = new WeakMap<
    LiveDeployment,
    Partial<Record<AnswerRoute, Record<string, string>>>
  >();

  constructor(
    private readonly live: LiveDeployments,
    private readonly projects: ProjectAccess,
    private readonly log: PredictionLog,
    private readonly shadow: ShadowRunner,
    private readonly traffic: TrafficService,
    private readonly metrics: ServingMetrics,
  ) {}

  private readonly onMerged = (requests: number): void => {
    this.metrics.batchedRuns.inc();
    this.metrics.batchedRequests.inc(requests);
  };

  /**
   * The deployment as this replica serves it, once the caller may predict on it. A key scoped to
   * predicting on one deployment is refused any other (public ones included: it is meant for one).
   */
  async authorise(
    project: string,
    name: string,
    caller: Caller | null,
    options: { members?: boolean } = {},
  ): Promise<LiveDeployment> {
    const live = this.live.get(project, name);
    const scope = caller?.credential;
    if (scope?.kind === 'key' && scope.predictDeployment !== null) {
      if (scope.predictDeployment !== name) {
        throw new AppError(
          'FORBIDDEN',
          `This API key may only predict on deployment "${scope.predictDeployment}", not "${name}"`,
        );
      }
      // A deployment of the same name in another project (a non-public one ProjectAccess refuses).
      if (live && live.projectId !== scope.projectId) {
        throw new AppError(
          'FORBIDDEN',
          `This API key is scoped to another project, not "${project}"`,
        );
      }
    }
    // A public deployment answers anyone; `members` (labels) still asks for the project's viewer.
    if (live?.public && !options.members) return live;
    if (!caller) {
      throw new AppError(
        'UNAUTHENTICATED',
        'Predicting on this deployment needs an API key (Authorization: Bearer sx_…)',
      );
    }
    const now = Date.now();
    // By the caller object first: a cached key's caller is one object for seconds (KeyCache),
    // which spares building the string key on every request.
    let byProject = this.accessByCaller.get(caller);
    let entry = byProject?.get(project);
    if (!entry || entry.until < now) {
      const c = caller.credential;
      const key = `${caller.userId}|${c.kind === 'key' ? `${c.projectId ?? '*'}|${c.role}` : 'session'}|${project}`;
      entry = this.access.get(key);
      if (!entry || entry.until < now) {
        const made: Access = {
          until: now + ACCESS_TTL_MS,
          ok: this.projects.require(caller, project, 'viewer').then(() => undefined),
        };
        made.ok.catch(() => {
          if (this.access.get(key) === made) this.access.delete(key);
          made.until = 0;
        });
        entry = made;
        this.access.set(key, made);
        if (this.access.size > 10_000) this.access.clear();
      }
      // A session's caller is a new object per request: only keys' callers are remembered.
      if (caller.credential.kind === 'key') {
        if (!byProject) {
          byProject = new Map();
          this.accessByCaller.set(caller, byProject);
        }
        byProject.set(project, entry);
      }
    }
    await entry.ok;
    if (!live) throw notFound(name);
    return live;
  }

  /** `POST /v1/models/{name}:predict`: JSON records keyed by feature name → one object per record. */
  async predict(req: PredictRequest): Promise<Answer> {
    const live = await this.authorise(req.project, req.name, req.caller);
    const route = this.route(live, req);
    const side = route === 'challenger' ? live.challenger! : live.champion;
    const t0 = performance.now();
    let parsed: ReturnType<typeof recordsToFeeds>;
    try {
      parsed = recordsToFeeds(req.body, side.session.signature, side.featureNames);
    } catch (error) {
      this.traffic.record(live, route, performance.now() - t0, 'client');
      throw error;
    }
    const inputs = parsed.records;
    let answers: Json[];
    try {
      // The inputs are ours from here: a failure is the model's (it counts for rollbacks).
      // Each answer starts with its prediction id (the key a label joins by).
      answers = await this.answer(live, side, parsed.feeds, parsed.count, withId);
    } catch (error) {
      this.traffic.record(live, route, performance.now() - t0, 'model');
      throw error;
    }
    const ms = performance.now() - t0;
    this.traffic.record(live, route, ms, 'ok');
    this.after(live, route, side, ms, inputs, answers, req.body);
    const body = Array.isArray(req.body)
      ? answers
      : isInstances(req.body)
        ? { predictions: answers }
        : answers[0];
    return { body, headers: this.headers(live, route, side) };
  }

  /** `POST /v2/models/{name}/infer`: the Open Inference Protocol v2, answered by the champion. */
  async infer(req: PredictRequest & { version?: string | undefined }): Promise<Answer> {
    const live = await this.authorise(req.project, req.name, req.caller);
    const side = this.sideOfVersion(live, req.version);
    const route: AnswerRoute = side === live.champion ? 'champion' : 'challenger';
    const t0 = performance.now();
    let response;
    let parsed: ReturnType<typeof parseInferRequest>;
    try {
      parsed = parseInferRequest(req.body, side.session.signature);
    } catch (error) {
      this.traffic.record(live, route, performance.now() - t0, 'client');
      throw error;
    }
    const spec = live.spec.outputFields ?? null;
    // Logged like `:predict`'s records, up to as many rows as `:predict` takes, while the log
    // has room (else counted as dropped, and no ids are answered).
    let logged = isSampled(live);
    if (logged && (parsed.batchSize > MAX_LOGGED_ROWS || !this.log.accepts(parsed.batchSize))) {
      this.metrics.logDropped.inc({ deployment: live.name }, parsed.batchSize);
      logged = false;
    }
    try {
      // A logged request also computes the outputs the deployment's answer fields read (every
      // tensor output without outputFields), so that its records have `:predict`'s fields.
      const wanted = !logged
        ? parsed.outputNames
        : spec
          ? [...new Set([...parsed.outputNames, ...outputNamesOf(spec)])]
          : side.session.tensorOutputNames;
      const results = await side.session.run(parsed.feeds, wanted);
      const outputs: typeof results = {};
      for (const name of parsed.outputNames) outputs[name] = results[name]!;
      response = formatInferResponse({
        modelName: live.name,
        modelVersion: String(side.version),
        ...(parsed.id !== undefined ? { id: parsed.id } : {}),
        outputs,
      });
      if (logged) {
        const answers = this.loggedAnswers(live, results, parsed.batchSize);
        const request = {
          atMs: Date.now(),
          revision: live.revision,
          modelVersion: side.version,
          route,
          latencyMs: performance.now() - t0,
        };
        // The rows' prediction ids, to label them later, only when the log took them (OIP
        // parameters hold no arrays: comma-joined).
        if (answers && this.logInfer(live, side, parsed, request, answers)) {
          const ids = answers.map((a) => a['id'] as string).join(',');
          response = { ...response, parameters: { prediction_ids: ids } };
        }
      }
    } catch (error) {
      this.traffic.record(live, route, performance.now() - t0, 'model');
      throw error;
    }
    this.traffic.record(live, route, performance.now() - t0, 'ok');
    return { body: response, headers: this.headers(live, route, side) };
  }

  /** An infer request's rows into the log; false when it had no room. */
  private logInfer(
    live: LiveDeployment,
    side: LiveSide,
    parsed: ReturnType<typeof parseInferRequest>,
    request: LoggedRequest,
    answers: Json[],
  ): boolean {
    const inputs = feedsToRecords(
      parsed.feeds,
      side.session.signature,
      side.featureNames,
      parsed.batchSize,
    );
    return this.log.add(live, request, inputs, answers, decisionFieldOf(live));
  }

  /**
   * An infer request's rows as `:predict` would answer them (the deployment's fields and decision),
   * for the log. A model whose outputs are not one row per input row (an OIP-only model) is not
   * logged: its answer must not fail for it (counted as dropped).
   */
  private loggedAnswers(
    live: LiveDeployment,
    results: Record<string, Tensor>,
    count: number,
  ): Json[] | undefined {
    try {
      return answersFrom(live, results, count, withId);
    } catch {
      this.metrics.logDropped.inc({ deployment: live.name }, count);
      return undefined;
    }
  }

  /** `GET /v2/models/{name}[/versions/{v}]`: names, datatypes and shapes of inputs and outputs. */
  async metadata(req: Omit<PredictRequest, 'body' | 'headers'> & { version?: string | undefined }) {
    const live = await this.authorise(req.project, req.name, req.caller);
    const side = this.sideOfVersion(live, req.version);
    const versions = [live.champion, live.challenger]
      .filter((s): s is LiveSide => !!s)
      .map((s) => String(s.version));
    return modelMetadata(live.name, versions, side.session.signature);
  }

  private sideOfVersion(live: LiveDeployment, version: string | undefined): LiveSide {
    if (version === undefined || version === String(live.champion.version)) return live.champion;
    if (live.challenger && version === String(live.challenger.version)) return live.challenger;
    throw new AppError('NOT_FOUND', `Deployment "${live.name}" does not serve version ${version}`, {
      fields: [
        {
          path: 'version',
          message: `serves ${[live.champion, live.challenger]
            .filter(Boolean)
            .map((s) => s!.version)
            .join(' and ')}`,
        },
      ],
    });
  }

  private async answer(
    live: LiveDeployment,
    side: LiveSide,
    feeds: Parameters<LiveSide['session']['run']>[0],
    count: number,
    start?: () => Json,
  ): Promise<Json[]> {
    const spec = live.spec.outputFields ?? null;
    // Revisions written before the setting existed have none: the default (on).
    const batching = live.spec.microBatching ?? DEFAULT_MICRO_BATCHING;
    const results = await side.session.run(feeds, spec ? outputNamesOf(spec) : undefined, {
      batch: batching.enabled
        ? { maxBatch: batching.maxBatch, onMerged: this.onMerged }
        : undefined,
    });
    return answersFrom(live, results, count, start);
  }

  private route(live: LiveDeployment, req: PredictRequest): AnswerRoute {
    const weight = live.challenger ? live.spec.canaryWeight : 0;
    if (weight <= 0) return 'champion';
    if (weight >= 100) return 'challenger';
    const sticky = live.spec.sticky;
    let key: string | undefined;
    if (sticky && 'header' in sticky) {
      const h = req.headers[sticky.header];
      key = Array.isArray(h) ? h[0] : h;
    } else if (sticky && 'field' in sticky) {
      const record = Array.isArray(req.body)
        ? req.body[0]
        : isInstances(req.body)
          ? (req.body as { instances: unknown[] }).instances[0]
          : req.body;
      const v = record && typeof record === 'object' ? (record as Json)[sticky.field] : undefined;
      if (v !== undefined && v !== null) key = String(v);
    }
    const bucket = key !== undefined ? bucketOf(key) : Math.random() * 100;
    return bucket < weight ? 'challenger' : 'champion';
  }

  /** The answer's headers, made once per revision and route (a revision is immutable). */
  private headers(
    live: LiveDeployment,
    route: AnswerRoute,
    side: LiveSide,
  ): Record<string, string> {
    let byRoute = this.headerCache.get(live);
    if (!byRoute) {
      byRoute = {};
      this.headerCache.set(live, byRoute);
    }
    return (byRoute[route] ??= {
      'x-sextant-deployment': live.name,
      'x-sextant-revision': String(live.revision),
      'x-sextant-model-version': String(side.version),
      'x-sextant-route': route,
    });
  }

  /** After the answer: the sampled prediction log and the shadow mirror (never awaited). */
  private after(
    live: LiveDeployment,
    route: AnswerRoute,
    side: LiveSide,
    ms: number,
    inputs: readonly Json[],
    answers: Json[],
    body: unknown,
  ): void {
    if (isSampled(live)) {
      const request = {
        atMs: Date.now(),
        revision: live.revision,
        modelVersion: side.version,
        route,
        latencyMs: ms,
      };
      this.log.add(live, request, inputs as readonly Json[], answers, decisionFieldOf(live));
    }
    const challenger = live.challenger;
    if (
      route === 'champion' &&
      challenger &&
      live.spec.shadowPercent > 0 &&
      Math.random() * 100 < live.spec.shadowPercent
    ) {
      this.shadow.offer({
        live,
        champion: answers,
        run: async () => {
          const parsed = recordsToFeeds(
            body,
            challenger.session.signature,
            challenger.featureNames,
          );
          return this.answer(live, challenger, parsed.feeds, parsed.count);
        },
      });
    }
  }
}

/** Whether this request goes to the prediction log (the deployment's sample rate). */
function isSampled(live: LiveDeployment): boolean {
  const rate = live.spec.sampleRate;
  return rate > 0 && (rate >= 1 || Math.random() < rate);
}

/** The answer field holding the deployment's decision, if it has a rule. */
function decisionFieldOf(live: LiveDeployment): string | null {
  return live.spec.decision ? decisionField(live.spec.decision) : null;
}

/** An infer request with more rows than this is not logged (`:predict` takes at most 1,000). */
const MAX_LOGGED_ROWS = 1000;

/** The answers to `count` records: the deployment's answer fields, then its decision. */
function answersFrom(
  live: LiveDeployment,
  results: Record<string, Tensor>,
  count: number,
  start?: () => Json,
): Json[] {
  const answers = recordsFromOutputs(live.spec.outputFields ?? null, results, count, start);
  const decision = live.spec.decision;
  if (decision) {
    const field = decisionField(decision);
    for (const a of answers) a[field] = decide(decision, a);
  }
  return answers;
}

/** A new answer record, its prediction id first. */
function withId(): Json {
  return { id: randomUUID() };
}

function isInstances(body: unknown): boolean {
  return (
    !!body &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    Array.isArray((body as Json)['instances'])
  );
}
