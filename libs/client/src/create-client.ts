import { type TRPCLink, createTRPCClient, httpBatchLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { DomainName, PlatformRouter } from '@sextant/api';
import type { MonitoringRouter } from '@sextant/monitoring';
import type { PipelinesRouter } from '@sextant/pipelines';
import type { ServingRouter } from '@sextant/serving';
import type { TrackingRouter } from '@sextant/tracking';

/** The routers a Sextant API serves, each at /trpc/<service>. */
export interface SextantRouters {
  platform: PlatformRouter;
  tracking: TrackingRouter;
  serving: ServingRouter;
  pipelines: PipelinesRouter;
  monitoring: MonitoringRouter;
}
export type ServiceName = keyof SextantRouters;
/**
 * The four domain services (the platform router is served by each of them). The list is
 * `DOMAINS` of @sextant/api, repeated here only because the client takes types, not code, from
 * the server's packages; the two lines below fail to compile if they ever differ.
 */
export const SERVICE_NAMES = [
  'tracking',
  'serving',
  'pipelines',
  'monitoring',
] as const satisfies readonly DomainName[];
type MissingDomain = Exclude<DomainName, (typeof SERVICE_NAMES)[number]>;
const _everyDomainListed: [MissingDomain] extends [never] ? true : MissingDomain = true;

/** `RouterOutputs['tracking']['health']`: the console types its data this way. */
export type RouterOutputs = { [S in ServiceName]: inferRouterOutputs<SextantRouters[S]> };
export type RouterInputs = { [S in ServiceName]: inferRouterInputs<SextantRouters[S]> };

export interface ClientOptions {
  /** Base URL of the API (standalone: http://127.0.0.1:4000) or of the console, which proxies it. */
  readonly url: string;
  /** `sx_…`; omit for public procedures only. */
  readonly apiKey?: string | undefined;
  /** Per-service base URLs in distributed mode, e.g. `{ serving: 'http://serving:4002' }`. */
  readonly serviceUrls?: Partial<Record<ServiceName, string>>;
  readonly fetch?: typeof fetch;
}

export type SextantClient = {
  [S in ServiceName]: ReturnType<typeof createTRPCClient<SextantRouters[S]>>;
};

/** A typed client over the whole API: `client.tracking.health.query()`. */
export function createClient(options: ClientOptions): SextantClient {
  const make = <S extends ServiceName>(service: S) => {
    const base = (options.serviceUrls?.[service] ?? options.url).replace(/\/+$/, '');
    // Every Sextant router shares one tRPC config (no transformer), so one link type serves all.
    const link = httpBatchLink<TrackingRouter>({
      url: `${base}/trpc/${service}`,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: (): Record<string, string> =>
        options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    }) as TRPCLink<SextantRouters[S]>;
    return createTRPCClient<SextantRouters[S]>({ links: [link] });
  };
  return {
    platform: make('platform'),
    tracking: make('tracking'),
    serving: make('serving'),
    pipelines: make('pipelines'),
    monitoring: make('monitoring'),
  };
}
