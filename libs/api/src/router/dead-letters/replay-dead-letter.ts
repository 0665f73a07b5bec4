import { replayDeadLetterInput, replayDeadLetterOutput } from '@sextant/bus';
import { DeadLettersService } from '../../operations/dead-letters.service';
import { platformAdminProcedure } from '../../trpc';

/**
 * `platform.deadLetters.replay` (platform admin): republishes the message to its topic; groups
 * that applied it already skip it (idempotent consumers), the ones that failed apply it.
 */
export const replayDeadLetterProcedure = platformAdminProcedure
  .input(replayDeadLetterInput)
  .output(replayDeadLetterOutput)
  .mutation(({ ctx, input }) => ctx.resolve(DeadLettersService).replay(ctx.caller, input.id));
