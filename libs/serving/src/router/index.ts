import { router } from '@sextant/api';
import { health } from './health';

export const servingRouter = router({ health });
export type ServingRouter = typeof servingRouter;
