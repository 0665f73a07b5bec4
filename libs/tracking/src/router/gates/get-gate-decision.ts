import { viewerProcedure } from '@sextant/api';
import { GatesService } from '../../gates/gates.service';
import { gateDecision, gateDecisionRef } from '../../gates/gates.types';

/** `tracking.gates.get`: one stored decision with its inputs. */
export const getGateDecision = viewerProcedure
  .input(gateDecisionRef)
  .output(gateDecision)
  .query(({ ctx, input }) => ctx.resolve(GatesService).get(ctx.project, input.id));
