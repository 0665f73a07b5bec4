import { adminProcedure } from '@sextant/api';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { webhookRefInput, webhookSummary } from '../../webhooks/webhooks.types';

/** `tracking.webhooks.enable`: resumes deliveries, after checking the URL again. */
export const enableWebhook = adminProcedure
  .input(webhookRefInput)
  .output(webhookSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(WebhooksService).setStatus(ctx.caller, ctx.project, input.webhook, 'active'),
  );
