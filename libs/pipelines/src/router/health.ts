import { healthProcedure } from '@sextant/api';

/** `pipelines.health`: public; reports the service's database and bus status. */
export const health = healthProcedure('pipelines');
