import { z } from 'zod';

/** Reusable env fields, so that every app names and validates them the same way. */

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());

/** Comma-separated host:port list, e.g. `127.0.0.1:9092,127.0.0.1:9093`. */
export const brokerList = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'expected host:port[,host:port…]')
    .transform((s) => s.split(','))
    .optional(),
);

export const port = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));

export const logLevel = z.preprocess(
  emptyToUndefined,
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
);

export const host = z.preprocess(emptyToUndefined, z.string().min(1).default('127.0.0.1'));

/** The fields every service process needs, whatever it hosts. */
/** An on/off setting: 1, 0, true or false (unset: undefined). */
export const flag = z.preprocess(
  emptyToUndefined,
  z
    .enum(['1', '0', 'true', 'false'], 'expected 1, 0, true or false')
    .transform((v) => v === '1' || v === 'true')
    .optional(),
);

export const serviceEnv = z.object({
  DATABASE_URL: optionalUrl,
  KAFKA_BROKERS: brokerList,
  SEXTANT_HOME: z.preprocess(emptyToUndefined, z.string().default('.sextant')),
  LOG_LEVEL: logLevel,
  HOST: host,
  // Artifact store (@sextant/ports): unset → a file store under SEXTANT_HOME/artifacts.
  SEXTANT_ARTIFACTS_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(file|s3):\/\//, 'expected file:///folder or s3://bucket/prefix')
      .optional(),
  ),
  SEXTANT_S3_ENDPOINT: optionalUrl,
  SEXTANT_S3_REGION: z.preprocess(emptyToUndefined, z.string().optional()),
  SEXTANT_S3_ACCESS_KEY_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  SEXTANT_S3_SECRET_ACCESS_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  SEXTANT_S3_FORCE_PATH_STYLE: flag,
});
export type ServiceEnv = z.output<typeof serviceEnv>;
