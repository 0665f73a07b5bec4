import { defineEnv, port, serviceEnv } from '@sextant/config';

/** The tracking service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(serviceEnv.extend({ PORT: port(4001) }), process.env);
