import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { type DynamicModule, Logger, Module, type Type } from '@nestjs/common';
import { PluginHost } from './plugin-host';
import { type PluginOptions, pluginOptions } from './plugins.types';

/** Nest token of the `plugins` options a host passed to `createMonitoringService`. */
export const PLUGIN_OPTIONS = 'sextant:monitoring:plugin-options';

@Module({})
class PluginsModule {}

/**
 * The monitoring module as one host configures it: a module class of its own (one per
 * `createMonitoringService` call, so two platforms in one process keep their own plugins) that
 * provides the PluginHost — discovered at start-up, its worker pool stopped with the app — beside
 * the monitoring module. Global, so that monitoring's providers can inject the PluginHost.
 */
export function configuredMonitoringModule(monitoringModule: Type, options: PluginOptions): Type {
  const logger = new Logger('Plugins');
  const pluginsModule: DynamicModule = {
    module: PluginsModule,
    global: true,
    providers: [
      { provide: PLUGIN_OPTIONS, useValue: options },
      {
        provide: PluginHost,
        useFactory: (o: PluginOptions) =>
          PluginHost.start(o, (level, message) =>
            level === 'warn' ? logger.warn(message) : logger.log(message),
          ),
        inject: [PLUGIN_OPTIONS],
      },
    ],
    exports: [PLUGIN_OPTIONS, PluginHost],
  };
  class MonitoringServiceModule {}
  Module({ imports: [pluginsModule, monitoringModule] })(MonitoringServiceModule);
  return MonitoringServiceModule;
}

/** Checks plugin options where the host passes them (a bad value fails there, not at boot). */
export function resolvePluginOptions(options: PluginOptions = {}): PluginOptions {
  const parsed = pluginOptions.safeParse(options);
  if (!parsed.success)
    throw new Error(
      `Invalid plugin options: ${parsed.error.issues.map((i) => `plugins.${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return options;
}

/** The default plugin folder, `<home>/plugins`, when it exists (`home` is SEXTANT_HOME). */
export function defaultPluginFolders(home: string): string[] {
  const folder = path.resolve(home, 'plugins');
  return existsSync(folder) && statSync(folder).isDirectory() ? [folder] : [];
}
