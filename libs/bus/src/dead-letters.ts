import type { PrismaClient } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { DeadLetterRepository } from './dead-letters.repository';
import {
  type DeadLetter,
  type ListDeadLettersInput,
  type ListDeadLettersOutput,
  listDeadLettersInput,
} from './dead-letters.types';
import type { Transport } from './transport';

/** Header a replayed message carries: the id of the dead letter it came from. */
export const REPLAY_HEADER = 'x-sextant-replay-of';

/** Lists dead letters, newest first, with cursor paging (`platform.deadLetters.list`). */
export function listDeadLetters(
  prisma: PrismaClient,
  input: ListDeadLettersInput,
): Promise<ListDeadLettersOutput> {
  return new DeadLetterRepository(prisma).list(listDeadLettersInput.parse(input));
}

/**
 * Republishes a dead letter's original message (key, value, headers) to its original topic and
 * stamps `replayed_at` and `replay_count` (`platform.deadLetters.replay`). Every group of that
 * topic sees it again; consumers are idempotent by event id, so a group that already applied the
 * event skips it and only those that failed (or never had it) apply it. Replaying twice is
 * harmless for the same reason.
 */
export async function replayDeadLetter(
  prisma: PrismaClient,
  transport: Transport,
  id: string,
): Promise<DeadLetter> {
  const repo = new DeadLetterRepository(prisma);
  const letter = await repo.find(id);
  if (!letter) throw new AppError('NOT_FOUND', `dead letter ${id} not found`);
  await transport.publish(letter.topic, [
    {
      key: letter.key ?? '',
      value: letter.value,
      headers: { ...letter.headers, [REPLAY_HEADER]: letter.id },
    },
  ]);
  return repo.markReplayed(id);
}
