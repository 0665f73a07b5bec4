import { router } from '@sextant/api';
import { listArtifacts } from './artifacts/list-artifacts';
import { createDataset } from './datasets/create-dataset';
import { getDataset } from './datasets/get-dataset';
import { listDatasets } from './datasets/list-datasets';
import { experimentsRouter } from './experiments';
import { gatesRouter } from './gates';
import { health } from './health';
import { metricHistory } from './metrics/metric-history';
import { modelsRouter } from './models';
import { runsRouter } from './runs';
import { webhooksRouter } from './webhooks';

export const trackingRouter = router({
  health,
  experiments: experimentsRouter,
  runs: runsRouter,
  metrics: router({ history: metricHistory }),
  datasets: router({ create: createDataset, get: getDataset, list: listDatasets }),
  artifacts: router({ list: listArtifacts }),
  models: modelsRouter,
  gates: gatesRouter,
  webhooks: webhooksRouter,
});
export type TrackingRouter = typeof trackingRouter;
