import { z } from 'zod';

/** A dead letter as the API shows it. Offsets and ids are strings (64-bit numbers). */
export const deadLetterSchema = z.object({
  id: z.string(),
  consumerGroup: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  /** The envelope's id, when the message was an envelope at all. */
  eventId: z.string().nullable(),
  key: z.string().nullable(),
  value: z.string(),
  headers: z.record(z.string(), z.string()),
  error: z.string(),
  /** Handler attempts before giving up; 0 for a poison message (never handled). */
  attempts: z.number().int(),
  createdAt: z.iso.datetime(),
  replayedAt: z.iso.datetime().nullable(),
  replayCount: z.number().int(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

const idSchema = z.string().regex(/^\d{1,19}$/, 'a dead-letter id');

/** `platform.deadLetters.list`: newest first; pass `nextCursor` back as `cursor` for more. */
export const listDeadLettersInput = z.object({
  topic: z.string().min(1).max(300).optional(),
  group: z.string().min(1).max(300).optional(),
  /** true: only replayed ones; false: only those never replayed. */
  replayed: z.boolean().optional(),
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListDeadLettersInput = z.input<typeof listDeadLettersInput>;

export const listDeadLettersOutput = z.object({
  items: z.array(deadLetterSchema),
  nextCursor: idSchema.nullable(),
});
export type ListDeadLettersOutput = z.infer<typeof listDeadLettersOutput>;

/** `platform.deadLetters.replay`: republishes the message to its original topic. */
export const replayDeadLetterInput = z.object({ id: idSchema });
export type ReplayDeadLetterInput = z.infer<typeof replayDeadLetterInput>;

export const replayDeadLetterOutput = deadLetterSchema;
export type ReplayDeadLetterOutput = z.infer<typeof replayDeadLetterOutput>;
