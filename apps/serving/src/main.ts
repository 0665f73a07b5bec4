import 'reflect-metadata';
import path from 'node:path';
import { artifactStoreConfigFromEnv } from '@sextant/ports';
import { runPlatform } from '@sextant/runtime';
import { servingService } from '@sextant/serving';
import { env } from './env';

// The serving service alone (distributed mode): /trpc/serving on its own port, PostgreSQL and Kafka
// from DATABASE_URL and KAFKA_BROKERS (embedded fallbacks otherwise).
void runPlatform({
  services: [servingService],
  databaseUrl: env.DATABASE_URL,
  kafkaBrokers: env.KAFKA_BROKERS,
  home: path.resolve(env.SEXTANT_HOME, 'serving'),
  host: env.HOST,
  port: env.PORT,
  logLevel: env.LOG_LEVEL,
  artifacts: artifactStoreConfigFromEnv(env),
  mode: 'distributed',
});
