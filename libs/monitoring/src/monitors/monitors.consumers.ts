import { defineConsumer } from '@sextant/api';
import {
  deploymentChanged,
  labelReceived,
  predictionRecordsOf,
  predictionsLogged,
  predictionsLoggedV1,
} from '@sextant/contracts';
import { MonitorsRepository } from './monitors.repository';
import { WindowsService } from './windows.service';

/** Keeps monitoring's copy of serving's deployments (features and answer fields). */
export const deploymentChangedConsumer = defineConsumer({
  group: 'monitoring.deployment-changed',
  events: [deploymentChanged],
  handle: async ({ payload }, tx, { resolve }) => {
    const repo = resolve(MonitorsRepository);
    if (payload.deleted) return repo.deleteDeployment(tx, payload.deploymentId);
    await repo.upsertDeployment(tx, {
      deploymentId: payload.deploymentId,
      projectId: payload.projectId,
      name: payload.deployment,
      model: payload.model,
      revision: payload.revision,
      features: payload.features,
      outputs: payload.outputs,
      updatedAt: new Date(payload.at),
    });
  },
});

/**
 * The prediction log into the monitors' windows (a malformed message goes to the dead letters):
 * version 2 (columns) and version 1 (records, published before it) alike.
 */
export const predictionsConsumer = defineConsumer({
  group: 'monitoring.predictions',
  events: [predictionsLogged, predictionsLoggedV1],
  // Closing a window runs its drift report inside this transaction: large windows take longer.
  transactionTimeoutMs: 60_000,
  handle: async ({ payload }, tx, { resolve }) => {
    await resolve(WindowsService).ingest(tx, {
      project: payload.project,
      projectId: payload.projectId,
      deployment: payload.deployment,
      predictions: predictionRecordsOf(payload),
    });
  },
});

/** Ground truth, joined with the monitors' samples by prediction id (realised performance). */
export const labelsConsumer = defineConsumer({
  group: 'monitoring.labels',
  events: [labelReceived],
  transactionTimeoutMs: 60_000,
  handle: async ({ payload }, tx, { resolve }) => {
    const labels = payload.labels.flatMap((l) => {
      const label = Number(l.label);
      return Number.isFinite(label)
        ? [{ predictionId: l.predictionId, label, at: new Date(l.at) }]
        : [];
    });
    await resolve(MonitorsRepository).label(
      tx,
      { projectId: payload.projectId, deployment: payload.deployment },
      labels,
    );
  },
});
