import { editorProcedure } from '@sextant/api';
import { GatesService } from '../../gates/gates.service';
import { evaluateGateInput, gateDecision } from '../../gates/gates.types';

/**
 * `tracking.gates.evaluate`: compares a candidate version with the version behind an alias on
 * chosen metrics (MLflow `MetricThreshold` semantics), stores the decision and, with `promote`,
 * moves the alias to the candidate when it passes. Publishes `tracking.gate-evaluated`.
 */
export const evaluateGate = editorProcedure
  .input(evaluateGateInput)
  .output(gateDecision)
  .mutation(({ ctx, input }) => ctx.resolve(GatesService).evaluate(ctx.caller, ctx.project, input));
