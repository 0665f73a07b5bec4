import { adminProcedure } from '@sextant/api';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { webhookRefInput, webhookSummary } from '../../webhooks/webhooks.types';

/** `tracking.webhooks.delete`: deletes a webhook and its delivery log; answers what was deleted. */
export const deleteWebhook = adminProcedure
  .input(webhookRefInput)
  .output(webhookSummary)
  .mutation(({ ctx, input }) =>
    ctx.resolve(WebhooksService).delete(ctx.caller, ctx.project, input.webhook),
  );
