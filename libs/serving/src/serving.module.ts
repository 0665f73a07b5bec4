import { Module } from '@nestjs/common';
import { IdentityModule } from '@sextant/api';
import { DeploymentsRepository } from './deployments/deployments.repository';
import { DeploymentsService } from './deployments/deployments.service';
import { LiveDeployments } from './live/live-deployments';
import { ModelCache } from './live/model-cache';
import { ServingMetrics } from './live/serving-metrics';
import { AutoRollback } from './predict/auto-rollback';
import { PredictService } from './predict/predict.service';
import { Rollouts } from './predict/rollout';
import { ShadowRunner } from './predict/shadow';
import { TrafficService } from './predict/traffic.service';
import { LabelsService } from './predict/labels.service';
import { PredictionLog } from './prediction-log/prediction-log';
import { RegistryRepository } from './registry/registry.repository';

const providers = [
  RegistryRepository,
  DeploymentsRepository,
  DeploymentsService,
  ModelCache,
  LiveDeployments,
  ServingMetrics,
  PredictionLog,
  ShadowRunner,
  TrafficService,
  PredictService,
  AutoRollback,
  LabelsService,
  Rollouts,
];

/**
 * The serving domain as a Nest module: deployments and their revisions, serving's copy of the
 * registry, the loaded models and the inference path. A host (the serving service app, or
 * `sextant up`) imports it. It owns the PostgreSQL schema "serving".
 */
@Module({ imports: [IdentityModule], providers, exports: providers })
export class ServingModule {}
