import type { Readable } from 'node:stream';
import type { AnyRouter } from '@trpc/server';
import type { Envelope, EventDefinition, PayloadOf } from '@sextant/bus';
import type { Tx } from '@sextant/db';
import type { Caller, PlatformDeps, ProjectScope, Resolve } from './context';
import type { AuthRule } from './roles';

/** The four domain services, defined once (the client, the host and the lint rules use it). */
export const DOMAINS = ['tracking', 'serving', 'pipelines', 'monitoring'] as const;
export type DomainName = (typeof DOMAINS)[number];

/** A plain HTTP request as a REST route sees it (the host adapts fastify's). */
export interface RouteRequest {
  readonly method: string;
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (`body: 'json'`), else undefined. */
  readonly body: unknown;
  /**
   * The raw body (`body: 'stream'`), already limited to the route's `bodyLimit`: reading past it
   * fails with a 413 AppError. Empty for other routes.
   */
  readonly stream: Readable;
}

export interface RouteReply {
  status(code: number): RouteReply;
  header(name: string, value: string | number): RouteReply;
  /** A JSON-able value, a string, a Buffer or a Readable (streamed). */
  send(payload?: unknown): unknown;
}

export interface RouteContext {
  readonly caller: Caller | null;
  /** Set for routes with a `{ project }` rule. */
  readonly project: ProjectScope | null;
  readonly platform: PlatformDeps;
  readonly resolve: Resolve;
  readonly requestId: string;
}

/**
 * A plain HTTP route beside tRPC (streamed artifact upload and download, inference): the same
 * credentials, rules and deny by default as a procedure. A route must declare `auth`.
 */
export interface RouteDefinition {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** fastify path syntax: `/api/v1/projects/:project/things/:id`, `*` for the rest. */
  readonly url: string;
  readonly auth: AuthRule;
  /**
   * A key scoped to predicting on one deployment may call this route (the inference routes, which
   * check the deployment themselves); every other route refuses such a key with a 403.
   */
  readonly allowPredictKeys?: boolean;
  /**
   * For `{ project }` rules: the project's slug, from the params, query or headers (the body is
   * not read before the caller is authorised); default the `project` param, else `?project=`.
   */
  readonly project?: (req: RouteRequest, resolve: Resolve) => string | Promise<string>;
  /** `json` (default for PUT/POST/PATCH), `stream` (raw, not buffered), or `none`. */
  readonly body?: 'json' | 'stream' | 'none';
  /** Largest body accepted, in bytes (default 1 MiB); past it, 413. */
  readonly bodyLimit?: number;
  /**
   * How errors are answered: `platform` (default) `{ error: { message, data } }` as tRPC's; `oip`
   * `{ "error": "<message>" }`, the Open Inference Protocol's form, for inference routes. The
   * status is the same either way.
   */
  readonly errorFormat?: 'platform' | 'oip';
  handler(req: RouteRequest, reply: RouteReply, ctx: RouteContext): Promise<unknown>;
}

export type EnvelopeOf<E extends EventDefinition> = E extends EventDefinition
  ? Envelope<PayloadOf<E>>
  : never;

export interface ConsumerContext {
  readonly resolve: Resolve;
}

/**
 * A domain's subscription to events: the host starts it after migrations and stops it before the
 * database closes. `prepare` runs outside any transaction (slow work: loading a model, calling
 * out); `handle` runs inside the short transaction that records the event as processed, so its
 * writes happen once. On the embedded database that transaction holds the only connection: keep
 * `handle` to database writes.
 */
export interface ConsumerDefinition<E extends EventDefinition = EventDefinition, P = unknown> {
  /** Unique across the platform, e.g. `serving.alias-moved`. */
  readonly group: string;
  readonly events: readonly E[];
  readonly prepare?: (envelope: EnvelopeOf<E>, ctx: ConsumerContext) => Promise<P>;
  readonly handle: (
    envelope: EnvelopeOf<E>,
    tx: Tx,
    ctx: ConsumerContext & { readonly prepared: P },
  ) => Promise<void>;
  readonly maxAttempts?: number;
  /** The `handle` transaction's timeout (default 5 s): raise it for heavy work per event. */
  readonly transactionTimeoutMs?: number;
}

export function defineConsumer<E extends EventDefinition, P = undefined>(
  definition: ConsumerDefinition<E, P>,
): ConsumerDefinition<E, P> {
  return definition;
}

/** What a worker is given when it starts. */
export interface WorkerContext {
  /** The host's DI lookup: a worker resolves its own Nest providers with it. */
  readonly resolve: Resolve;
  /** The host's logger, tagged with the worker's name (a loop logs its failed rounds here). */
  readonly log: (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
}

/** A started worker: `stop` ends its loop and resolves once its current round is over. */
export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * A background loop a domain runs beside its API (a dispatcher that polls a table, a sweeper).
 * The host starts every worker once migrations ran, every module is up and the consumers are
 * subscribed, and stops them (in parallel) before the database closes. `start` must return
 * promptly, leaving the loop running: a throw fails the start-up. On the embedded database a
 * worker shares the one connection with the API: hold no transaction across slow work (HTTP).
 */
export interface WorkerDefinition {
  /** Unique across the platform, e.g. `tracking.webhook-dispatcher`. */
  readonly name: string;
  readonly start: (ctx: WorkerContext) => RunningWorker | Promise<RunningWorker>;
}

/**
 * What a domain lib hands to a host: its name (the router is served at /trpc/<name>), its Nest
 * module, its router, and the REST routes, event consumers and background workers it declares.
 */
export interface ServiceDefinition {
  readonly name: DomainName;
  // Nest modules are classes; typed loosely here so that this lib does not depend on Nest.
  readonly module: abstract new (...args: never[]) => unknown;
  readonly router: AnyRouter;
  readonly routes?: readonly RouteDefinition[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any payload type
  readonly consumers?: readonly ConsumerDefinition<any, any>[];
  readonly workers?: readonly WorkerDefinition[];
}
