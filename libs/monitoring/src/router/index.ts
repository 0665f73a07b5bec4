import { router } from '@sextant/api';
import { compute } from './drift/compute';
import { health } from './health';
import { monitorsRouter } from './monitors';

export const monitoringRouter = router({
  health,
  drift: router({ compute }),
  monitors: monitorsRouter,
});
export type MonitoringRouter = typeof monitoringRouter;
