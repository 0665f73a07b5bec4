import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  Optional,
  type Type,
} from '@nestjs/common';
import {
  type WebhookOptions,
  type WebhookSettingsValues,
  resolveWebhookOptions,
} from './webhooks.types';

/** Nest token of the `webhooks` options a host passed to `createTrackingService`. */
export const WEBHOOK_OPTIONS = 'sextant:tracking:webhook-options';

/**
 * The webhook settings of this process: the host's options with the defaults filled in. Without
 * options (TrackingModule imported on its own) the defaults hold: private targets refused.
 */
@Injectable()
export class WebhookSettings {
  readonly values: WebhookSettingsValues;

  constructor(@Optional() @Inject(WEBHOOK_OPTIONS) options?: WebhookOptions | null) {
    this.values = resolveWebhookOptions(options ?? {});
  }
}

@Module({})
class WebhookOptionsModule {}

/**
 * The tracking module as one host configures it: a module class of its own (one per
 * `createTrackingService` call, so two platforms in one process keep their own options) that
 * imports TrackingModule and provides WEBHOOK_OPTIONS to it, the way the platform module provides
 * the database and the clock.
 */
export function configuredTrackingModule(trackingModule: Type, options: WebhookOptions): Type {
  const optionsModule: DynamicModule = {
    module: WebhookOptionsModule,
    global: true,
    providers: [{ provide: WEBHOOK_OPTIONS, useValue: options }],
    exports: [WEBHOOK_OPTIONS],
  };
  class TrackingServiceModule {}
  Module({ imports: [optionsModule, trackingModule] })(TrackingServiceModule);
  return TrackingServiceModule;
}
