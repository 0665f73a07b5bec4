import { defineEnv, port, serviceEnv } from '@sextant/config';

/** The serving service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(serviceEnv.extend({ PORT: port(4002) }), process.env);
