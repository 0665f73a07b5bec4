import { router } from '@sextant/api';
import { archiveExperiment } from './archive-experiment';
import { createExperiment } from './create-experiment';
import { getExperiment } from './get-experiment';
import { listExperiments } from './list-experiments';
import { restoreExperiment } from './restore-experiment';
import { updateExperiment } from './update-experiment';

export const experimentsRouter = router({
  create: createExperiment,
  get: getExperiment,
  list: listExperiments,
  update: updateExperiment,
  archive: archiveExperiment,
  restore: restoreExperiment,
});
