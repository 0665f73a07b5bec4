import { healthProcedure } from '@sextant/api';

/** `serving.health`: public; reports the service's database and bus status. */
export const health = healthProcedure('serving');
