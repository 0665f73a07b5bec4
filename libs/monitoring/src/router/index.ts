import { router } from '@sextant/api';
import { compute } from './drift/compute';
import { health } from './health';
import { list } from './plugins/list';
import { monitorsRouter } from './monitors';

export const monitoringRouter = router({
  health,
  drift: router({ compute }),
  monitors: monitorsRouter,
  plugins: router({ list }),
});
export type MonitoringRouter = typeof monitoringRouter;
