import { viewerProcedure } from '@sextant/api';
import { z } from 'zod';
import { ArtifactsService } from '../../artifacts/artifacts.service';
import { artifactSummary, listArtifactsInput } from '../../artifacts/artifacts.types';

/** `tracking.artifacts.list`: a run's artifacts (PUT and GET them at /api/v1/runs/{runId}/artifacts/{path}). */
export const listArtifacts = viewerProcedure
  .input(listArtifactsInput)
  .output(z.array(artifactSummary))
  .query(({ ctx, input }) =>
    ctx.resolve(ArtifactsService).list(ctx.project, input.runId, input.prefix),
  );
