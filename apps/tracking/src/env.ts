import { defineEnv, flag, serviceAppEnvSchemas } from '@sextant/config';

/** The tracking service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(
  serviceAppEnvSchemas.tracking.extend({
    // 1: webhooks may target loopback, private and link-local addresses; unset: 0.
    SEXTANT_WEBHOOK_ALLOW_PRIVATE: flag,
  }),
  process.env,
);
