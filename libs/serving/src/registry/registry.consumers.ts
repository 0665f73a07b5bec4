import { defineConsumer } from '@sextant/api';
import { aliasMoved, modelVersionRegistered } from '@sextant/contracts';
import { DeploymentsRepository } from '../deployments/deployments.repository';
import { DeploymentsService } from '../deployments/deployments.service';
import type { DeploymentSpec } from '../deployments/deployments.types';
import { LiveDeployments, type RevisionTarget } from '../live/live-deployments';
import { RegistryRepository } from './registry.repository';

/** Keeps serving's copy of the registry's versions (what a deployment can load). */
export const versionRegisteredConsumer = defineConsumer({
  group: 'serving.model-version-registered',
  events: [modelVersionRegistered],
  handle: async ({ payload }, tx, { resolve }) => {
    // Events from before projectId was added cannot be placed; none exist outside tests.
    if (!payload.projectId) return;
    await resolve(RegistryRepository).upsertVersion(tx, {
      id: payload.versionId,
      projectId: payload.projectId,
      modelId: payload.modelId,
      model: payload.model,
      version: payload.version,
      sha256: payload.sha256,
      featureNames: payload.featureNames ?? null,
      registeredAt: new Date(payload.registeredAt ?? Date.now()),
    });
  },
});

/**
 * An alias moved: serving's copy follows, and every deployment of the model that serves that
 * alias gets a new revision with the new version — if the version loads and fits, which
 * `prepare` checks outside the transaction (loading a model is slow). A version that does not
 * fit is logged and skipped: the running revision keeps serving.
 */
export const aliasMovedConsumer = defineConsumer({
  group: 'serving.alias-moved',
  events: [aliasMoved],
  prepare: async ({ payload }, { resolve }) => {
    const checked = new Map<
      string,
      {
        target: RevisionTarget;
        spec: DeploymentSpec;
        shape: { features: string[]; outputs: string[] };
        revision: number;
      }
    >();
    const failures: { deployment: string; reason: string }[] = [];
    if (!payload.projectId) return { checked, failures };
    const deployments = resolve(DeploymentsRepository);
    const live = resolve(LiveDeployments);
    const rows = await deployments.listOfModel(payload.projectId, payload.model);
    for (const row of rows) {
      const current = await deployments.revision(row.id, row.currentRevision);
      if (!current) continue;
      const spec = current.spec as DeploymentSpec;
      const side =
        spec.championAlias === payload.alias
          ? 'champion'
          : spec.challengerAlias === payload.alias
            ? 'challenger'
            : null;
      if (!side) continue;
      if (side === 'champion' && payload.toVersion === null) {
        failures.push({
          deployment: row.name,
          reason: `its champion alias "${payload.alias}" was deleted`,
        });
        continue;
      }
      const target: RevisionTarget = {
        championVersion: current.championVersion,
        championSha256: current.championSha256,
        challengerVersion: current.challengerVersion,
        challengerSha256: current.challengerSha256,
      };
      if (payload.toVersion !== null && payload.sha256 !== null) {
        if (side === 'champion') {
          target.championVersion = payload.toVersion;
          target.championSha256 = payload.sha256;
        } else {
          target.challengerVersion = payload.toVersion;
          target.challengerSha256 = payload.sha256;
        }
      } else {
        target.challengerVersion = null;
        target.challengerSha256 = null;
      }
      const sameAsNow =
        target.championSha256 === current.championSha256 &&
        target.challengerSha256 === current.challengerSha256 &&
        target.championVersion === current.championVersion &&
        target.challengerVersion === current.challengerVersion;
      if (sameAsNow) continue;
      const nextSpec: DeploymentSpec =
        target.challengerVersion === null ? { ...spec, canaryWeight: 0, shadowPercent: 0 } : spec;
      try {
        const shape = await live.check({ id: payload.projectId }, row.model, nextSpec, target);
        checked.set(row.id, { target, spec: nextSpec, shape, revision: current.revision });
      } catch (error) {
        failures.push({ deployment: row.name, reason: (error as Error).message });
      }
    }
    return { checked, failures };
  },
  handle: async ({ payload }, tx, { resolve, prepared }) => {
    if (!payload.projectId) return;
    const registry = resolve(RegistryRepository);
    if (payload.toVersion !== null && payload.sha256 !== null) {
      // The version itself, in case its registration event has not reached serving yet.
      await registry.upsertVersionOf(tx, {
        projectId: payload.projectId,
        modelId: payload.modelId,
        model: payload.model,
        version: payload.toVersion,
        sha256: payload.sha256,
        featureNames: payload.featureNames ?? null,
        registeredAt: new Date(payload.at),
      });
    }
    const applied = await registry.applyMove(tx, {
      projectId: payload.projectId,
      modelId: payload.modelId,
      model: payload.model,
      alias: payload.alias,
      version: payload.toVersion,
      movedAt: new Date(payload.at),
    });
    // A move older than the one applied (events out of order): deployments follow the newer.
    if (!applied) return;
    await resolve(DeploymentsService).followAlias(
      tx,
      {
        projectId: payload.projectId,
        project: payload.project,
        model: payload.model,
        alias: payload.alias,
        fromVersion: payload.fromVersion,
        toVersion: payload.toVersion,
        reason: payload.reason,
      },
      prepared,
    );
  },
});
