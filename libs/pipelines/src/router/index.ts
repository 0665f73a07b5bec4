import { router } from '@sextant/api';
import { health } from './health';

export const pipelinesRouter = router({ health });
export type PipelinesRouter = typeof pipelinesRouter;
