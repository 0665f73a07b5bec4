import { adminProcedure } from '@sextant/api';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { webhookRefInput, webhookSummary } from '../../webhooks/webhooks.types';

/** `tracking.webhooks.disable`: stops deliveries to a webhook (pending ones wait until it is enabled). */
export const disableWebhook = adminProcedure
  .input(webhookRefInput)
  .output(webhookSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(WebhooksService).setStatus(ctx.caller, ctx.project, input.webhook, 'disabled'),
  );
