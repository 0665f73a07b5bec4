import { viewerProcedure } from '@sextant/api';
import { PluginHost } from '../../plugins/plugin-host';
import { listPluginsInput, listPluginsOutput } from './list.types';

/**
 * `monitoring.plugins.list`: the drift-test plugins of this service — the built-in one and those
 * discovered at start-up — with name, version, source, status (loaded, or refused and why),
 * isolation (in-process or worker pool) and their tests (kinds, direction, default threshold,
 * params as JSON Schema). The same for every project: plugins are installed per service.
 */
export const list = viewerProcedure
  .input(listPluginsInput)
  .output(listPluginsOutput)
  .query(({ ctx }) => ({ plugins: ctx.resolve(PluginHost).list() }));
