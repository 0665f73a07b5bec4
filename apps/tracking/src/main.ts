import 'reflect-metadata';
import path from 'node:path';
import { artifactStoreConfigFromEnv } from '@sextant/ports';
import { runPlatform } from '@sextant/runtime';
import { createTrackingService } from '@sextant/tracking';
import { env } from './env';

// The tracking service alone (distributed mode): /trpc/tracking on its own port, PostgreSQL and Kafka
// from DATABASE_URL and KAFKA_BROKERS (embedded fallbacks otherwise).
void runPlatform({
  services: [
    createTrackingService({
      webhooks: { allowPrivateTargets: env.SEXTANT_WEBHOOK_ALLOW_PRIVATE ?? false },
    }),
  ],
  databaseUrl: env.DATABASE_URL,
  kafkaBrokers: env.KAFKA_BROKERS,
  home: path.resolve(env.SEXTANT_HOME, 'tracking'),
  host: env.HOST,
  port: env.PORT,
  logLevel: env.LOG_LEVEL,
  artifacts: artifactStoreConfigFromEnv(env),
  mode: 'distributed',
});
