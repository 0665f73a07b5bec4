import { editorProcedure } from '@sextant/api';
import { LogBatchService } from '../../metrics/log-batch.service';
import { logBatchInput, logBatchOutput } from '../../metrics/metrics.types';

/** `tracking.runs.logBatch`: metrics, params and tags in one all-or-nothing write, idempotent by `batchId`. */
export const logBatch = editorProcedure
  .input(logBatchInput)
  .output(logBatchOutput)
  .mutation(({ ctx, input }) => ctx.resolve(LogBatchService).logBatch(ctx.project, input));
