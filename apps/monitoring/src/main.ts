import 'reflect-metadata';
import path from 'node:path';
import { artifactStoreConfigFromEnv } from '@sextant/ports';
import { runPlatform } from '@sextant/runtime';
import { createMonitoringService, defaultPluginFolders } from '@sextant/monitoring';
import { env } from './env';

// The monitoring service alone (distributed mode): /trpc/monitoring on its own port, PostgreSQL and Kafka
// from DATABASE_URL and KAFKA_BROKERS (embedded fallbacks otherwise).
void runPlatform({
  services: [
    createMonitoringService({
      plugins: {
        folders: env.SEXTANT_PLUGIN_DIRS ?? defaultPluginFolders(env.SEXTANT_HOME),
        packages: env.SEXTANT_PLUGIN_PACKAGES ?? [],
      },
    }),
  ],
  databaseUrl: env.DATABASE_URL,
  kafkaBrokers: env.KAFKA_BROKERS,
  home: path.resolve(env.SEXTANT_HOME, 'monitoring'),
  host: env.HOST,
  port: env.PORT,
  logLevel: env.LOG_LEVEL,
  artifacts: artifactStoreConfigFromEnv(env),
  mode: 'distributed',
});
