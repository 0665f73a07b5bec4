import { defineEnv, serviceAppEnvSchemas } from '@sextant/config';

/** The monitoring service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(serviceAppEnvSchemas.monitoring, process.env);
