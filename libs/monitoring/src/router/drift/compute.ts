import { viewerProcedure } from '@sextant/api';
import { DriftService } from '../../drift/drift.service';
import { computeDriftInput, computeDriftOutput } from './compute.types';

/**
 * `monitoring.drift.compute`: a one-off drift report of a current table against a reference
 * table sent in the request (per column: kind, test, statistic, p-value, threshold, drifted;
 * and the dataset drift share). Pure computation: nothing is stored. A mutation, because the
 * tables travel in the body (a query would put them in the URL).
 */
export const compute = viewerProcedure
  .input(computeDriftInput)
  .output(computeDriftOutput)
  .mutation(({ ctx, input }) => {
    const { project: _project, ...request } = input;
    return ctx.resolve(DriftService).compute(request);
  });
