import { router } from '@sextant/api';
import { compareRuns } from './compare-runs';
import { createRun } from './create-run';
import { deleteRun } from './delete-run';
import { getRun } from './get-run';
import { logBatch } from './log-batch';
import { logInputs } from './log-inputs';
import { restoreRun } from './restore-run';
import { searchRuns } from './search-runs';
import { updateRun } from './update-run';

export const runsRouter = router({
  create: createRun,
  get: getRun,
  update: updateRun,
  delete: deleteRun,
  restore: restoreRun,
  search: searchRuns,
  compare: compareRuns,
  logBatch,
  logInputs,
});
