import { defineEnv, serviceAppEnvSchemas } from '@sextant/config';

/** The serving service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(serviceAppEnvSchemas.serving, process.env);
