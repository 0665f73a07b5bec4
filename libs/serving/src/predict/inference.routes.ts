import type { RouteDefinition, RouteReply, RouteRequest } from '@sextant/api';
import { AppError } from '@sextant/errors';
import { labelsInput, parseBody, singleLabelInput } from './labels.types';
import { LabelsService } from './labels.service';
import { LiveDeployments } from '../live/live-deployments';
import { PredictService } from './predict.service';

/** The project of an inference request: `?project=`, else `X-Sextant-Project`, else `default`. */
export function projectOf(req: RouteRequest): string {
  const header = req.headers['x-sextant-project'];
  return req.query['project'] ?? (Array.isArray(header) ? header[0] : header) ?? 'default';
}

/** The answer's headers (a plain loop: the inference path runs it on every request). */
function setHeaders(reply: RouteReply, headers: Readonly<Record<string, string>>): void {
  for (const name in headers) reply.header(name, headers[name]!);
}

/** `POST /v1/models/{name}:predict` bodies: up to 1,000 records. */
export const PREDICT_BODY_LIMIT = 1024 * 1024;
/** OIP v2 infer bodies (tensors as JSON). */
export const INFER_BODY_LIMIT = 8 * 1024 * 1024;

/** Every inference route lets a key scoped to predicting in: `PredictService` checks its deployment. */
const oip = { auth: 'public', errorFormat: 'oip', allowPredictKeys: true } as const;

/**
 * Inference as plain HTTP routes of the platform kit (not tRPC): the Open Inference Protocol v2
 * REST API and `:predict` with JSON records, plus ground-truth labels. Errors answer
 * `{ "error": "..." }` (the protocol's form). The deployment decides who may call: a key with
 * the viewer role in the project (or one scoped to predicting on this very deployment), or anyone
 * when it is public.
 */
export function inferenceRoutes(): RouteDefinition[] {
  const predict = (ctx: Parameters<RouteDefinition['handler']>[2]) => ctx.resolve(PredictService);
  return [
    {
      method: 'GET',
      url: '/v2/health/live',
      ...oip,
      handler: async () => ({ live: true }),
    },
    {
      method: 'GET',
      url: '/v2/health/ready',
      ...oip,
      handler: async (_req, reply, ctx) => {
        const ready = ctx.resolve(LiveDeployments).ready;
        if (!ready) reply.status(503);
        return { ready };
      },
    },
    ...(['/v2/models/:name', '/v2/models/:name/versions/:version'] as const).flatMap(
      (base): RouteDefinition[] => [
        {
          method: 'GET',
          url: base,
          ...oip,
          handler: (req, _reply, ctx) =>
            predict(ctx).metadata({
              project: projectOf(req),
              name: req.params['name']!,
              version: req.params['version'],
              caller: ctx.caller,
            }),
        },
        {
          method: 'GET',
          url: `${base}/ready`,
          ...oip,
          handler: async (req, _reply, ctx) => {
            await predict(ctx).metadata({
              project: projectOf(req),
              name: req.params['name']!,
              version: req.params['version'],
              caller: ctx.caller,
            });
            return { name: req.params['name'], ready: true };
          },
        },
        {
          method: 'POST',
          url: `${base}/infer`,
          ...oip,
          bodyLimit: INFER_BODY_LIMIT,
          handler: async (req, reply, ctx) => {
            const answer = await predict(ctx).infer({
              project: projectOf(req),
              name: req.params['name']!,
              version: req.params['version'],
              caller: ctx.caller,
              headers: req.headers,
              body: req.body,
            });
            setHeaders(reply, answer.headers);
            return answer.body;
          },
        },
      ],
    ),
    {
      method: 'POST',
      // `{name}:predict` is one path segment (fastify's `::` escape would name the parameter
      // `name::predict`): the verb is split off here.
      url: '/v1/models/:target',
      ...oip,
      bodyLimit: PREDICT_BODY_LIMIT,
      handler: async (req, reply, ctx) => {
        const target = req.params['target']!;
        if (!target.endsWith(':predict')) {
          throw new AppError(
            'NOT_FOUND',
            `No such route: POST /v1/models/${target} (expected /v1/models/{name}:predict)`,
          );
        }
        const answer = await predict(ctx).predict({
          project: projectOf(req),
          name: target.slice(0, -':predict'.length),
          caller: ctx.caller,
          headers: req.headers,
          body: req.body,
        });
        setHeaders(reply, answer.headers);
        return answer.body;
      },
    },
    {
      method: 'POST',
      url: '/v1/predictions/:id/label',
      ...oip,
      handler: async (req, reply, ctx) => {
        const input = parseBody(singleLabelInput, req.body);
        const result = await ctx
          .resolve(LabelsService)
          .receive(ctx.caller, projectOf(req), input.deployment, [
            { predictionId: req.params['id']!, label: input.label },
          ]);
        reply.status(202);
        return result;
      },
    },
    {
      method: 'POST',
      url: '/v1/predictions/labels',
      ...oip,
      handler: async (req, reply, ctx) => {
        const input = parseBody(labelsInput, req.body);
        const result = await ctx.resolve(LabelsService).receive(
          ctx.caller,
          projectOf(req),
          input.deployment,
          input.labels.map((l) => ({ predictionId: l.id, label: l.label })),
        );
        reply.status(202);
        return result;
      },
    },
  ];
}
