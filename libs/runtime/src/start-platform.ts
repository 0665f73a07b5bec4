import { type IncomingMessage, type Server, ServerResponse, createServer } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CreateFastifyContextOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, {
  type FastifyReply,
  type FastifyRequest,
  type onResponseHookHandler,
} from 'fastify';
import {
  type ApiContext,
  type PlatformDeps,
  type ServiceDefinition,
  contextFactory,
  platformRouter,
  setErrorLogger,
} from '@sextant/api';
import { EventBus, createTransport, pruneBusRecords } from '@sextant/bus';
import { type Database, openDatabase } from '@sextant/db';
import {
  type ArtifactStoreConfig,
  type Clock,
  createArtifactStore,
  systemClock,
} from '@sextant/ports';
import { type Logger, type Metrics, createLogger, createMetrics } from '@sextant/observability';
import { NestPinoLogger } from './nest-logger';
import { PlatformModule } from './platform.module';
import { mountRoutes } from './rest-routes';
import { startConsumers } from './consumers';
import { startWorkers } from './workers';

/** A status code's label, made once per code (the response hook runs on every request). */
const STATUS_TEXT: string[] = [];
const statusText = (code: number): string => (STATUS_TEXT[code] ??= String(code));

export interface PlatformOptions {
  readonly services: readonly ServiceDefinition[];
  /** PostgreSQL URL; without it, embedded PGlite under `<home>/pgdata`. */
  readonly databaseUrl?: string | undefined;
  /** Kafka brokers; without them, the in-process bus. */
  readonly kafkaBrokers?: readonly string[] | undefined;
  /** Prefixes Kafka topics and groups (several installations or tests on one broker). */
  readonly kafkaNamespace?: string | undefined;
  /** Data folder for standalone mode (PGlite). */
  readonly home: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logLevel?: string;
  readonly logger?: Logger;
  readonly version?: string;
  /** The clock identity and the domains read (tests pass a fake one). */
  readonly clock?: Clock;
  /** Where artifacts go (`SEXTANT_ARTIFACTS_URL` and S3 settings); default `<home>/artifacts`. */
  readonly artifacts?: Omit<ArtifactStoreConfig, 'home'>;
  /** `distributed`: one service among others, which only makes sense on a shared database and bus. */
  readonly mode?: 'standalone' | 'distributed';
  /**
   * On close, how long requests under way may take to finish before their connections are cut
   * (default 5 s): the server stops accepting connections first, and everything else stops
   * once they are answered.
   */
  readonly drainTimeoutMs?: number;
}

export interface RunningPlatform {
  readonly url: string;
  readonly port: number;
  readonly app: NestFastifyApplication;
  readonly platform: PlatformDeps;
  readonly metrics: Metrics;
  readonly logger: Logger;
  close(): Promise<void>;
}

/**
 * Starts one Sextant process hosting `services`: opens (and migrates) the database, connects the
 * bus and starts the outbox relay, boots Nest on fastify, starts the services' consumers and
 * workers, and serves each service's router at /trpc/<service> (and the shared /trpc/platform)
 * beside /healthz, /readyz and /metrics.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const names = options.services.map((s) => s.name).join('+');
  const logger = options.logger ?? createLogger({ name: names, level: options.logLevel ?? 'info' });
  setErrorLogger((errorId, error) => logger.error({ errorId, err: error }, 'internal error'));
  if (options.mode === 'distributed' && (!options.databaseUrl || !options.kafkaBrokers?.length)) {
    logger.warn(
      'DATABASE_URL or KAFKA_BROKERS is not set: this service runs on its own embedded database ' +
        'or in-process bus, and the other services will not see its data or events',
    );
  }

  const db: Database = await openDatabase({
    url: options.databaseUrl,
    dataDir: path.resolve(options.home, 'pgdata'),
    migrate: true,
  });
  if (db.migration?.applied.length)
    logger.info({ applied: db.migration.applied }, 'migrations applied');
  const transport = createTransport({
    brokers: options.kafkaBrokers,
    clientId: `sextant-${names}`,
    namespace: options.kafkaNamespace,
    prisma: db.prisma,
    bulk: db.bulk,
    log: (level, message, extra) => logger[level](extra, message),
  });
  await transport.connect();
  const bus = new EventBus(transport, db.prisma);
  const relay = bus.relay({ onError: (err) => logger.warn({ err }, 'outbox relay round failed') });
  relay.start();
  // The bus's bookkeeping (idempotency records, published outbox rows, dead letters) is pruned a
  // minute after start and hourly (every process does: the deletes are idempotent).
  const prune = () =>
    void pruneBusRecords(db.prisma).then(
      (n) => {
        if (n.processedEvents || n.outbox || n.deadLetters) logger.info(n, 'bus records pruned');
      },
      (err: unknown) => logger.warn({ err }, 'pruning bus records failed'),
    );
  const housekeeping = [setTimeout(prune, 60_000), setInterval(prune, 3_600_000)];
  for (const t of housekeeping) t.unref();

  const clock: Clock = options.clock ?? systemClock;
  const platform: PlatformDeps = {
    db,
    bus,
    artifacts: createArtifactStore({ ...options.artifacts, home: options.home }),
    clock,
    startedAt: new Date(),
    version: options.version ?? '0.1.0',
  };
  const metrics = createMetrics({ service: names });
  // The kit's REST routes (inference, artifacts) run on a fastify of their own, without Nest's
  // adapter hooks (middleware, CORS, versioning constraints): one server on one port hands them
  // their paths (a path prefix of theirs), everything else goes to Nest's fastify (tRPC, probes).
  const routes = options.services.flatMap((s) => s.routes ?? []);
  const kitPrefixes = [
    '/api/',
    ...new Set(routes.map((r) => `/${r.url.split('/')[1] ?? ''}/`).filter((p) => p !== '//')),
  ];
  const isKitPath = (url: string | undefined) =>
    url !== undefined && kitPrefixes.some((prefix) => url.startsWith(prefix));
  let kitRouting: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  let nestRouting: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  let httpServer: Server | null = null;
  const sockets = new Set<Socket>();
  let draining = false;
  /** Closing: a response that has not sent its headers yet ends its connection after it. */
  class DrainAwareResponse extends ServerResponse {}
  const writeHead = ServerResponse.prototype.writeHead;
  DrainAwareResponse.prototype.writeHead = function (this: ServerResponse) {
    if (draining) this.shouldKeepAlive = false;
    // `arguments` as it came (writeHead's overloads; no rest array on the hot path).
    // eslint-disable-next-line prefer-rest-params
    return writeHead.apply(this, arguments as unknown as Parameters<typeof writeHead>);
  } as typeof writeHead;
  const app = await NestFactory.create<NestFastifyApplication>(
    PlatformModule.register(platform, clock, metrics, options.services),
    // maxParamLength: a batched tRPC call names every procedure in one path parameter.
    // forceCloseConnections: closing the platform ends keep-alive connections that still have a
    // response open (a client that never read a streamed body) instead of waiting out fastify's
    // 72 s keep-alive timeout.
    new FastifyAdapter({
      logger: false,
      bodyLimit: 8 * 1024 * 1024,
      maxParamLength: 16_384,
      forceCloseConnections: true,
      // No Nest middleware is used anywhere.
      skipMiddie: true,
      serverFactory: (
        handler: (req: IncomingMessage, res: ServerResponse) => void,
        opts: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number },
      ) => {
        nestRouting = handler;
        // As fastify makes its HTTP/1 server.
        const server = createServer({ ServerResponse: DrainAwareResponse }, (req, res) =>
          kitRouting && isKitPath(req.url) ? kitRouting(req, res) : handler(req, res),
        );
        server.on('connection', (socket: Socket) => {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
        });
        httpServer = server;
        server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
        server.requestTimeout = opts.requestTimeout ?? 0;
        server.setTimeout(opts.connectionTimeout ?? 0);
        return server;
      },
    }),
    { logger: new NestPinoLogger(logger), abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Every provider is a singleton: a token is looked up in Nest's container once (the inference
  // path resolves its services on every request).
  const resolved = new Map<unknown, unknown>();
  const resolve = <T>(token: abstract new (...args: never[]) => T): T => {
    let instance = resolved.get(token) as T | undefined;
    if (instance === undefined) {
      instance = app.get(token, { strict: false });
      resolved.set(token, instance);
    }
    return instance as T;
  };
  const contextOf = contextFactory({ platform, resolve });
  const makeContext = (req: FastifyRequest, reply: FastifyReply): Promise<ApiContext> =>
    contextOf({
      headers: req.headers,
      encrypted: 'encrypted' in req.raw.socket && req.raw.socket.encrypted === true,
      requestId: String(req.id),
      setCookie: (cookie) => void reply.header('set-cookie', cookie),
    });
  // A callback hook (no promise per request).
  const observeResponse: onResponseHookHandler = (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests
      .child(req.method, route, statusText(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
    done();
  };
  fastify.addHook('onResponse', observeResponse);
  const routers = [{ name: 'platform', router: platformRouter }, ...options.services];
  for (const service of routers) {
    await fastify.register(fastifyTRPCPlugin, {
      prefix: `/trpc/${service.name}`,
      trpcOptions: {
        router: service.router,
        createContext: ({ req, res }: CreateFastifyContextOptions) => makeContext(req, res),
      },
    });
  }
  // The same limits as Nest's instance had for these routes.
  const kit = Fastify({
    logger: false,
    bodyLimit: 8 * 1024 * 1024,
    routerOptions: { maxParamLength: 16_384 },
  });
  kit.addHook('onResponse', observeResponse);
  // A kit path that no route takes (a /v2 path of none) is Nest's, as before: its body unread.
  kit.removeAllContentTypeParsers();
  kit.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  kit.setNotFoundHandler((req, reply) => {
    reply.hijack();
    nestRouting!(req.raw, reply.raw);
  });
  await mountRoutes(kit, routes, makeContext);
  await app.init();
  await kit.ready();
  kitRouting = kit.routing;
  // Consumers start once migrations ran and every module is up; they stop before the database.
  const consumers = await startConsumers(bus, options.services, resolve, logger);
  // Workers (background loops) start after the consumers and stop before them and the database.
  const workers = await startWorkers(options.services, resolve, logger);
  await app.listen(options.port, options.host);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;

  logger.info({ url, db: db.kind, bus: transport.name, services: names }, 'platform ready');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    platform,
    metrics,
    logger,
    close() {
      closing ??= (async () => {
        for (const t of housekeeping) clearTimeout(t);
        // Requests first: stop accepting, let those under way finish (they still have the
        // models, the bus and the database), then stop the rest.
        draining = true;
        if (httpServer) await drain(httpServer, sockets, options.drainTimeoutMs ?? 5_000);
        await relay.stop();
        await workers.stop();
        await consumers.stop();
        await app.close();
        await kit.close();
        await transport.close();
        await db.close();
      })();
      return closing;
    },
  };
}

/**
 * Stops accepting connections and waits until the open ones end. A response under way ends its
 * connection (DrainAwareResponse); idle keep-alive connections, and those whose response had sent
 * its headers already, are closed by a sweep every 25 ms, which waits while any connection still
 * has bytes to send (closing an idle connection would cut them).
 * Past `timeoutMs`, every connection is cut (a client that never reads a streamed body).
 */
async function drain(
  server: Server,
  sockets: ReadonlySet<Socket>,
  timeoutMs: number,
): Promise<void> {
  if (!server.listening) return;
  // net.Server's close: stops accepting. http.Server's would also close the idle connections at
  // once, and node counts one whose response has ended as idle though its bytes are still going
  // out (a large answer to a slow reader): the sweep below waits for them.
  const closed = new Promise<void>((resolve) =>
    NetServer.prototype.close.call(server, () => resolve()),
  );
  const sweep = setInterval(() => {
    for (const socket of sockets) if (socket.writableLength > 0) return;
    server.closeIdleConnections();
  }, 25);
  const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
}
