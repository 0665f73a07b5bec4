import { Module } from '@nestjs/common';
import { ArtifactsRepository } from './artifacts/artifacts.repository';
import { ArtifactsService } from './artifacts/artifacts.service';
import { DatasetsRepository } from './datasets/datasets.repository';
import { DatasetsService } from './datasets/datasets.service';
import { ExperimentsRepository } from './experiments/experiments.repository';
import { ExperimentsService } from './experiments/experiments.service';
import { GatesRepository } from './gates/gates.repository';
import { GatesService } from './gates/gates.service';
import { LogBatchService } from './metrics/log-batch.service';
import { MetricsRepository } from './metrics/metrics.repository';
import { MetricsService } from './metrics/metrics.service';
import { ModelsRepository } from './registry/models.repository';
import { ModelsService } from './registry/models.service';
import { RunsRepository } from './runs/runs.repository';
import { RunsService } from './runs/runs.service';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookSettings } from './webhooks/webhook-settings';
import { WebhooksRepository } from './webhooks/webhooks.repository';
import { WebhooksService } from './webhooks/webhooks.service';

const providers = [
  ExperimentsRepository,
  ExperimentsService,
  RunsRepository,
  RunsService,
  MetricsRepository,
  LogBatchService,
  MetricsService,
  ArtifactsRepository,
  ArtifactsService,
  DatasetsRepository,
  DatasetsService,
  ModelsRepository,
  ModelsService,
  GatesRepository,
  GatesService,
  WebhookSettings,
  WebhooksRepository,
  WebhookDispatcher,
  WebhooksService,
];

/**
 * The tracking domain as a Nest module: experiments, runs, metrics, artifacts and dataset
 * versions. A host (the tracking service app, or `sextant up`) imports it. It owns the PostgreSQL
 * schema "tracking".
 */
@Module({ providers, exports: providers })
export class TrackingModule {}
