import { router } from '@sextant/api';
import { createWebhook } from './create-webhook';
import { deleteWebhook } from './delete-webhook';
import { disableWebhook } from './disable-webhook';
import { enableWebhook } from './enable-webhook';
import { listWebhooks } from './list-webhooks';
import { testWebhook } from './test-webhook';
import { webhookDeliveries } from './webhook-deliveries';

export const webhooksRouter = router({
  create: createWebhook,
  list: listWebhooks,
  test: testWebhook,
  disable: disableWebhook,
  enable: enableWebhook,
  delete: deleteWebhook,
  deliveries: webhookDeliveries,
});
