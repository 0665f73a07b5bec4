import { adminProcedure } from '@sextant/api';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { createWebhookInput, createdWebhook } from '../../webhooks/webhooks.types';

/** `tracking.webhooks.create`: a webhook for registry events; its signing secret is shown once, here. */
export const createWebhook = adminProcedure
  .input(createWebhookInput)
  .output(createdWebhook)
  .mutation(({ ctx, input }) =>
    ctx.resolve(WebhooksService).create(ctx.caller, ctx.project, input),
  );
