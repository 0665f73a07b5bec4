import { defineConsumer } from '@sextant/api';
import { deploymentChanged, labelReceived, predictionsLogged } from '@sextant/contracts';
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

/** The prediction log into the monitors' windows (a malformed message goes to the dead letters). */
export const predictionsConsumer = defineConsumer({
  group: 'monitoring.predictions',
  events: [predictionsLogged],
  handle: async ({ payload }, tx, { resolve }) => {
    await resolve(WindowsService).ingest(tx, payload);
  },
});

/** Ground truth, joined with the monitors' samples by prediction id (realised performance). */
export const labelsConsumer = defineConsumer({
  group: 'monitoring.labels',
  events: [labelReceived],
  handle: async ({ payload }, tx, { resolve }) => {
    const repo = resolve(MonitorsRepository);
    for (const l of payload.labels) {
      const label =
        typeof l.label === 'number'
          ? l.label
          : typeof l.label === 'boolean'
            ? Number(l.label)
            : Number(l.label);
      if (Number.isFinite(label)) {
        await repo.label(
          tx,
          { projectId: payload.projectId, deployment: payload.deployment },
          l.predictionId,
          label,
          new Date(l.at),
        );
      }
    }
  },
});
