import path from 'node:path';
import { bootstrapAdmin } from '@sextant/api';
import { startPlatform } from '@sextant/runtime';
import { ensureConsoleBuilt, startConsole, waitForHttp } from '../console-process';
import { invocationDir, readUpEnv } from '../env';
import { ALL_SERVICES } from '../services';

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

  const platform = await startPlatform({
    services: ALL_SERVICES,
    databaseUrl: env.DATABASE_URL,
    kafkaBrokers: env.KAFKA_BROKERS,
    home,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
  });
  const admin = await bootstrapAdmin(platform.platform.db.prisma);

  let consoleUrl: string | null = null;
  let consoleProcess: ReturnType<typeof startConsole> | null = null;
  if (env.SEXTANT_CONSOLE === '1') {
    ensureConsoleBuilt(out);
    consoleProcess = startConsole({ port: env.CONSOLE_PORT, host: env.HOST, apiUrl: platform.url });
    consoleUrl = `http://${env.HOST}:${env.CONSOLE_PORT}`;
    await waitForHttp(consoleUrl, 60_000);
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  out('');
  out(`Sextant is ready (${seconds} s): ${platform.platform.db.kind} database, ${platform.platform.bus.transport.name} bus`);
  out(`  API      ${platform.url}   (routers at /trpc/<service>; /healthz, /readyz, /metrics)`);
  if (consoleUrl) out(`  Console  ${consoleUrl}`);
  if (!env.DATABASE_URL) out(`  Data     ${path.join(home, 'pgdata')}`);
  if (admin) {
    out('');
    out(`  First start: an admin was created (${admin.email}). Its API key, shown only this once:`);
    out(`    ${admin.key}`);
    out('  Keep it: only its hash is stored.');
  }
  out('');

  const stop = async (signal: string) => {
    out(`\nstopping (${signal})…`);
    consoleProcess?.kill('SIGTERM');
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  consoleProcess?.once('exit', (code) => {
    if (code !== null && code !== 0) {
      process.stderr.write(`the console exited with code ${code}\n`);
      void stop('console exit');
    }
  });
}
