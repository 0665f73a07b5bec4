import { viewerProcedure } from '@sextant/api';
import { GatesService } from '../../gates/gates.service';
import { listGateDecisionsInput, listGateDecisionsOutput } from '../../gates/gates.types';

/** `tracking.gates.list`: a model's gate decisions, newest first (optionally one candidate's). */
export const listGateDecisions = viewerProcedure
  .input(listGateDecisionsInput)
  .output(listGateDecisionsOutput)
  .query(({ ctx, input }) => ctx.resolve(GatesService).list(ctx.project, input));
