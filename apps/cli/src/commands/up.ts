import path from 'node:path';
import { bootstrapAdmin } from '@sextant/api';
import { defaultPluginFolders } from '@sextant/monitoring';
import { artifactStoreConfigFromEnv } from '@sextant/ports';
import { type RunningPlatform, startPlatform } from '@sextant/runtime';
import { ensureConsoleBuilt, startConsole, waitForHttp } from '../console-process';
import { invocationDir, readUpEnv } from '../env';
import { platformServices } from '../services';
import { printAdminKey } from './print-admin-key';

/**
 * `sextant up`: the whole platform in one process (standalone mode): the four services on one
 * port, embedded PostgreSQL and the in-process bus unless DATABASE_URL / KAFKA_BROKERS are set,
 * and the console beside it.
 */
export async function up(): Promise<void> {
  const started = performance.now();
  const env = readUpEnv();
  const home = path.resolve(invocationDir(), env.SEXTANT_HOME);
  const out = (line: string) => process.stdout.write(`${line}\n`);

  // Whatever happens from here on, a signal stops what has started, and nothing is left behind.
  let platform: RunningPlatform | null = null;
  let consoleProcess: ReturnType<typeof startConsole> | null = null;
  let stopping = false;
  const stop = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    out(`\nstopping (${reason})…`);
    consoleProcess?.kill('SIGTERM');
    await platform?.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('exit', () => consoleProcess?.kill('SIGTERM'));

  platform = await startPlatform({
    services: platformServices({
      tracking: { webhooks: { allowPrivateTargets: env.SEXTANT_WEBHOOK_ALLOW_PRIVATE ?? false } },
      monitoring: {
        plugins: {
          folders:
            env.SEXTANT_PLUGIN_DIRS?.map((dir) => path.resolve(invocationDir(), dir)) ??
            defaultPluginFolders(home),
          packages: env.SEXTANT_PLUGIN_PACKAGES ?? [],
          resolveFrom: invocationDir(),
        },
      },
    }),
    databaseUrl: env.DATABASE_URL,
    kafkaBrokers: env.KAFKA_BROKERS,
    home,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    artifacts: artifactStoreConfigFromEnv(env),
  });
  // Printed as soon as it exists: if anything later fails, the key is not lost.
  const admin = await bootstrapAdmin(platform.platform.db.prisma);
  if (admin) printAdminKey(admin, out);

  let consoleUrl: string | null = null;
  if (env.SEXTANT_CONSOLE === '1') {
    ensureConsoleBuilt(out);
    consoleProcess = startConsole({ port: env.CONSOLE_PORT, host: env.HOST, apiUrl: platform.url });
    consoleProcess.once('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`the console exited (code ${code})\n`);
        void stop('console exit', 1);
      }
    });
    consoleUrl = `http://${env.HOST}:${env.CONSOLE_PORT}`;
    await waitForHttp(consoleUrl, 60_000);
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { db, bus } = platform.platform;
  // One write, so that whoever waits for "Sextant is ready" sees the whole block.
  const lines = [
    '',
    `Sextant is ready (${seconds} s): ${db.kind} database, ${bus.transport.name} bus`,
    `  API      ${platform.url}   (routers at /trpc/<service>; /healthz, /readyz, /metrics)`,
    ...(consoleUrl ? [`  Console  ${consoleUrl}`] : []),
    ...(env.DATABASE_URL ? [] : [`  Data     ${path.join(home, 'pgdata')}`]),
    ...(admin
      ? [`  Sign in to the console as ${admin.email} with the one-time password above.`]
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
