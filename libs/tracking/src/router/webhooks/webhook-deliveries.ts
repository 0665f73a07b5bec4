import { viewerProcedure } from '@sextant/api';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { deliveriesInput, deliveriesPage } from '../../webhooks/webhooks.types';

/** `tracking.webhooks.deliveries`: a webhook's deliveries, newest first, each with every attempt. */
export const webhookDeliveries = viewerProcedure
  .input(deliveriesInput)
  .output(deliveriesPage)
  .query(({ ctx, input }) => ctx.resolve(WebhooksService).deliveries(ctx.project, input));
