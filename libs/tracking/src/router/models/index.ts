import { router } from '@sextant/api';
import { createModel } from './create-model';
import { lineage } from './lineage';
import { listModels } from './list-models';
import { getModel } from './get-model';
import { createVersion } from './create-version';
import { getVersion } from './get-version';
import { setAlias } from './set-alias';
import { deleteAlias } from './delete-alias';
import { getByAlias } from './get-by-alias';
import { aliasAt } from './alias-at';
import { aliasHistory } from './alias-history';

export const modelsRouter = router({
  create: createModel,
  list: listModels,
  get: getModel,
  createVersion: createVersion,
  getVersion: getVersion,
  setAlias: setAlias,
  deleteAlias: deleteAlias,
  getByAlias: getByAlias,
  aliasAt: aliasAt,
  aliasHistory: aliasHistory,
  lineage,
});
