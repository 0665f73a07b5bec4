import { router } from '@sextant/api';
import { evaluateGate } from './evaluate-gate';
import { getGateDecision } from './get-gate-decision';
import { listGateDecisions } from './list-gate-decisions';

export const gatesRouter = router({
  evaluate: evaluateGate,
  list: listGateDecisions,
  get: getGateDecision,
});
