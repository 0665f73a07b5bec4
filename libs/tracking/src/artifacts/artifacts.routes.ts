import type { RouteDefinition, RouteRequest, Resolve } from '@sextant/api';
import { AppError } from '@sextant/errors';
import { RunsRepository } from '../runs/runs.repository';
import { ArtifactsService } from './artifacts.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The project of the run named in the URL (`?project=` is not needed). */
async function projectOfRun(req: RouteRequest, resolve: Resolve): Promise<string> {
  const runId = req.params['runId'] ?? '';
  const notFound = new AppError('NOT_FOUND', `Run ${runId} not found`, {
    fields: [{ path: 'runId', message: `no run ${runId}` }],
  });
  if (!UUID.test(runId)) throw notFound;
  const slug = await resolve(RunsRepository).projectSlugOf(runId);
  if (!slug) throw notFound;
  return slug;
}

const URL = '/api/v1/runs/:runId/artifacts/*';

/** `PUT` and `GET /api/v1/runs/{runId}/artifacts/{path}`: streamed, never buffered. */
export function artifactRoutes(maxBytes: number): RouteDefinition[] {
  return [
    {
      method: 'PUT',
      url: URL,
      auth: { project: 'editor' },
      project: projectOfRun,
      body: 'stream',
      bodyLimit: maxBytes,
      handler: async (req, reply, ctx) => {
        const artifact = await ctx
          .resolve(ArtifactsService)
          .put(ctx.project!, req.params['runId']!, req.params['*'] ?? '', req.stream, maxBytes);
        return reply.status(201).send(artifact);
      },
    },
    {
      method: 'GET',
      url: URL,
      auth: { project: 'viewer' },
      project: projectOfRun,
      handler: async (req, reply, ctx) => {
        const { artifact, body } = await ctx
          .resolve(ArtifactsService)
          .open(ctx.project!, req.params['runId']!, req.params['*'] ?? '');
        const name = artifact.path.split('/').pop()!;
        const download = req.query['download'] !== undefined;
        return reply
          .status(200)
          .header('content-type', artifact.contentType ?? 'application/octet-stream')
          .header('content-length', artifact.size)
          .header('etag', `"${artifact.sha256}"`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "sandbox; default-src 'none'")
          .header(
            'content-disposition',
            `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          .send(body);
      },
    },
  ];
}
