import { router } from '@sextant/api';
import { createDeployment } from './create-deployment';
import { deleteDeployment } from './delete-deployment';
import { getDeployment } from './get-deployment';
import { listDeployments } from './list-deployments';
import { listRevisions } from './list-revisions';
import { rollbackDeployment } from './rollback-deployment';
import { shadowReport } from './shadow-report';
import { traffic } from './traffic';
import { updateDeployment } from './update-deployment';

export const deploymentsRouter = router({
  create: createDeployment,
  get: getDeployment,
  list: listDeployments,
  update: updateDeployment,
  rollback: rollbackDeployment,
  revisions: listRevisions,
  delete: deleteDeployment,
  shadowReport,
  traffic,
});
