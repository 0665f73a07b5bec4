import { router } from '@sextant/api';
import { compute } from './drift/compute';
import { health } from './health';

export const monitoringRouter = router({ health, drift: router({ compute }) });
export type MonitoringRouter = typeof monitoringRouter;
