import { defineEnv, serviceAppEnvSchemas } from '@sextant/config';
import { pluginEnvFields } from '@sextant/monitoring';

/** The monitoring service's environment, validated once at start-up (see .env.example). */
export const env = defineEnv(
  // SEXTANT_PLUGIN_DIRS, SEXTANT_PLUGIN_PACKAGES: the drift-test plugins to load.
  serviceAppEnvSchemas.monitoring.extend(pluginEnvFields.shape),
  process.env,
);
