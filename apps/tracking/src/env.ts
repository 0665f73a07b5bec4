import { defineEnv, serviceAppEnvSchemas } from '@sextant/config';

/** The tracking service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(serviceAppEnvSchemas.tracking, process.env);
