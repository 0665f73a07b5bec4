import { type ServiceDefinition, defineConsumer } from '@sextant/api';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksService } from './webhooks.service';
import { WEBHOOK_EVENTS } from './webhooks.types';

type WorkerDefinition = NonNullable<ServiceDefinition['workers']>[number];

/** Registry events become webhook deliveries, in the transaction that marks them processed. */
export const webhookDeliveriesConsumer = defineConsumer({
  group: 'tracking.webhook-deliveries',
  events: WEBHOOK_EVENTS,
  handle: async (envelope, tx, { resolve }) => {
    await resolve(WebhooksService).enqueueForEvent(tx, envelope);
  },
});

/** The loop that sends due deliveries (see WebhookDispatcher). */
export const webhookDispatcherWorker: WorkerDefinition = {
  name: 'tracking.webhook-dispatcher',
  start: ({ resolve, log }) => resolve(WebhookDispatcher).start(log),
};
