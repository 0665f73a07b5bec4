import { healthProcedure } from '@sextant/api';

/** `monitoring.health`: public; reports the service's database and bus status. */
export const health = healthProcedure('monitoring');
