import { router } from '@sextant/api';
import { deploymentsRouter } from './deployments';
import { health } from './health';

export const servingRouter = router({ health, deployments: deploymentsRouter });
export type ServingRouter = typeof servingRouter;
