import { healthProcedure } from '@sextant/api';

/** `tracking.health`: public; reports the service's database and bus status. */
export const health = healthProcedure('tracking');
