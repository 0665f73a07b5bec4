import { projectInput } from '@sextant/api';
import { z } from 'zod';
import { pluginInfo } from '../../plugins/plugins.types';

/** `monitoring.plugins.list` input: the project (any viewer may see the installed plugins). */
export const listPluginsInput = projectInput;
/** `monitoring.plugins.list` output: every plugin found, loaded or refused, with its tests. */
export const listPluginsOutput = z.object({ plugins: z.array(pluginInfo) });
