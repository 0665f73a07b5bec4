import { adminProcedure } from '@sextant/api';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { testResult, webhookRefInput } from '../../webhooks/webhooks.types';

/** `tracking.webhooks.test`: sends a `webhook.test` event now and answers the attempt (status code, duration). */
export const testWebhook = adminProcedure
  .input(webhookRefInput)
  .output(testResult)
  .mutation(({ ctx, input }) =>
    ctx.resolve(WebhooksService).test(ctx.caller, ctx.project, input.webhook),
  );
