import { defineEnv, serviceAppEnvSchemas } from '@sextant/config';

/** The pipelines service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(serviceAppEnvSchemas.pipelines, process.env);
