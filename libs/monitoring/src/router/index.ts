import { router } from '@sextant/api';
import { health } from './health';

export const monitoringRouter = router({ health });
export type MonitoringRouter = typeof monitoringRouter;
