import { z } from 'zod';
import { viewerProcedure } from '@sextant/api';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { webhookSummary } from '../../webhooks/webhooks.types';

/** `tracking.webhooks.list`: the project's webhooks (never their secrets). */
export const listWebhooks = viewerProcedure
  .output(z.array(webhookSummary))
  .query(({ ctx }) => ctx.resolve(WebhooksService).list(ctx.project));
