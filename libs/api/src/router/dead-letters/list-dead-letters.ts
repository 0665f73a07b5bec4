import { listDeadLettersInput, listDeadLettersOutput } from '@sextant/bus';
import { DeadLettersService } from '../../operations/dead-letters.service';
import { platformAdminProcedure } from '../../trpc';

/** `platform.deadLetters.list` (platform admin): newest first, by topic, group, replayed or not. */
export const listDeadLettersProcedure = platformAdminProcedure
  .input(listDeadLettersInput)
  .output(listDeadLettersOutput)
  .query(({ ctx, input }) => ctx.resolve(DeadLettersService).list(input));
