import { router } from '../../trpc';
import { listDeadLettersProcedure } from './list-dead-letters';
import { replayDeadLetterProcedure } from './replay-dead-letter';

export const deadLettersRouter = router({
  list: listDeadLettersProcedure,
  replay: replayDeadLetterProcedure,
});
