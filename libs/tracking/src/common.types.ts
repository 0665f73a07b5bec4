import { z } from 'zod';

/**
 * Keys of metrics, params and tags: what MLflow allows (letters, digits, `_ - . / : ` and
 * spaces), at most 250 characters.
 */
export const MAX_KEY_LENGTH = 250;
export const entityKey = z
  .string()
  .min(1)
  .max(MAX_KEY_LENGTH)
  .regex(/^[\p{L}\p{N}\p{M}_\-./: ]+$/u, 'only letters, digits, spaces and _ - . / : are allowed');

/** `{ key: value }` string tags, as experiments and runs carry them. */
export const tagMap = z
  .record(entityKey, z.string().max(8000))
  .refine((t) => Object.keys(t).length <= 100, 'at most 100 tags');

export const runId = z.uuid();

/** An instant given as milliseconds since the epoch (MLflow) or an ISO-8601 string. */
export const instant = z.union([
  // The largest instant a Date holds (year 275760).
  z.number().int().nonnegative().max(8_640_000_000_000_000),
  z.iso.datetime({ offset: true }),
]);

export function toDate(value: number | string): Date {
  return new Date(value);
}

export const iso = z.iso.datetime();
