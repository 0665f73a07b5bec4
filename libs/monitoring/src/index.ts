import type { ServiceDefinition } from '@sextant/api';
import { MonitoringModule } from './monitoring.module';
import { monitoringRouter } from './router';
import {
  deploymentChangedConsumer,
  labelsConsumer,
  predictionsConsumer,
} from './monitors/monitors.consumers';
import { windowCloser } from './monitors/window-closer';
import { configuredMonitoringModule, resolvePluginOptions } from './plugins/plugins.module';
import type { PluginOptions } from './plugins/plugins.types';

export { MonitoringModule } from './monitoring.module';
export { monitoringRouter } from './router';
export type { MonitoringRouter } from './router';
export * from './drift';
export { DriftService } from './drift/drift.service';
export { PluginHost } from './plugins/plugin-host';
export type { PluginLog } from './plugins/plugin-host';
export { InProcessRunner, isDriftRunError } from './plugins/drift-test-runner';
export type {
  DriftRunError,
  DriftRunFailure,
  DriftRunOptions,
  DriftRunResult,
  DriftTestRunner,
} from './plugins/drift-test-runner';
export { PluginPool, WorkerPoolRunner } from './plugins/worker-pool';
export { PLUGIN_OPTIONS, defaultPluginFolders } from './plugins/plugins.module';
export { satisfies as satisfiesSemverRange } from './plugins/semver-range';
export {
  DEFAULT_PLUGIN_MAX_MEMORY_MB,
  DEFAULT_PLUGIN_THREADS,
  DEFAULT_PLUGIN_TIMEOUT_MS,
  pluginEnvFields,
  pluginInfo,
  pluginManifest,
} from './plugins/plugins.types';
export type {
  Isolation,
  PluginInfo,
  PluginManifest,
  PluginOptions,
  PluginSource,
  PluginTestInfo,
} from './plugins/plugins.types';

export interface MonitoringServiceOptions {
  /**
   * Third-party drift-test plugins: folders of plugin packages, package names, and the worker
   * pool's limits. The built-in tests are always there. Default: none.
   */
  readonly plugins?: PluginOptions;
}

/** The monitoring service as a host mounts it. */
export function createMonitoringService(options: MonitoringServiceOptions = {}): ServiceDefinition {
  // Checked here, so that a bad value fails where the host calls this, not at boot.
  const plugins = resolvePluginOptions(options.plugins);
  return {
    name: 'monitoring',
    module: configuredMonitoringModule(MonitoringModule, plugins),
    router: monitoringRouter,
    consumers: [deploymentChangedConsumer, predictionsConsumer, labelsConsumer],
    workers: [windowCloser()],
  };
}

export const monitoringService: ServiceDefinition = createMonitoringService();
