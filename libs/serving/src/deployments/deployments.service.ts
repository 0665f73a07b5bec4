import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Caller,
  DATABASE,
  type NowClock,
  type ProjectScope,
  recordAudit,
} from '@sextant/api';
import { enqueueEvent } from '@sextant/bus';
import { deploymentChanged, rolledBack } from '@sextant/contracts';
import { type Database, type Prisma, Transactor, type Tx } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { LiveDeployments, type RevisionTarget } from '../live/live-deployments';
import { RegistryRepository } from '../registry/registry.repository';
import {
  type DeploymentRow,
  DeploymentsRepository,
  type RevisionRow,
} from './deployments.repository';
import {
  type CreateDeploymentInput,
  type DeploymentSpec,
  type DeploymentSummary,
  type RevisionSummary,
  type UpdateDeploymentInput,
  deploymentSpec,
} from './deployments.types';

export function deploymentNotFound(name: string): AppError {
  return new AppError('NOT_FOUND', `Deployment "${name}" not found`, {
    fields: [{ path: 'deployment', message: `no deployment "${name}" in this project` }],
  });
}

function toRevision(r: RevisionRow): RevisionSummary {
  return {
    revision: r.revision,
    spec: r.spec as DeploymentSpec,
    championVersion: r.championVersion,
    championSha256: r.championSha256,
    challengerVersion: r.challengerVersion,
    challengerSha256: r.challengerSha256,
    reason: r.reason,
    restores: r.rolledBackFrom,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Deployments: a name bound to a model's aliases with a traffic policy. Every change is a new
 * immutable revision with the versions it serves pinned; a rollback is a new revision restoring
 * an earlier one. A revision is written only once its versions load and fit (checked first,
 * outside the transaction), so a bad version never replaces the one serving.
 */
@Injectable()
export class DeploymentsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly deployments: DeploymentsRepository,
    private readonly registry: RegistryRepository,
    private readonly live: LiveDeployments,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** The versions behind a spec's aliases, as serving's copy of the registry has them. */
  async resolve(projectId: string, model: string, spec: DeploymentSpec): Promise<RevisionTarget> {
    const champion = await this.registry.resolveAlias(projectId, model, spec.championAlias);
    if (!champion)
      throw await this.unknownAlias(projectId, model, spec.championAlias, 'championAlias');
    let challenger = null;
    if (spec.challengerAlias) {
      challenger = await this.registry.resolveAlias(projectId, model, spec.challengerAlias);
      if (!challenger) {
        throw await this.unknownAlias(projectId, model, spec.challengerAlias, 'challengerAlias');
      }
    }
    if (!challenger && (spec.canaryWeight > 0 || spec.shadowPercent > 0)) {
      throw new AppError(
        'BAD_REQUEST',
        'A canary weight or shadow percentage needs a challengerAlias',
        {
          fields: [
            {
              path: spec.canaryWeight > 0 ? 'canaryWeight' : 'shadowPercent',
              message: 'needs a challengerAlias',
            },
          ],
        },
      );
    }
    return {
      championVersion: champion.version,
      championSha256: champion.sha256,
      challengerVersion: challenger?.version ?? null,
      challengerSha256: challenger?.sha256 ?? null,
    };
  }

  private async unknownAlias(projectId: string, model: string, alias: string, path: string) {
    const known = await this.registry.knowsModel(projectId, model);
    return new AppError(
      'NOT_FOUND',
      known
        ? `Model "${model}" has no alias "${alias}"`
        : `Model "${model}" has no registered version serving knows of (registry events reach serving within seconds)`,
      {
        fields: [
          {
            path: known ? path : 'model',
            message: known ? `no alias "${alias}"` : 'unknown model',
          },
        ],
      },
    );
  }

  async create(
    caller: Caller,
    scope: ProjectScope,
    input: CreateDeploymentInput,
  ): Promise<DeploymentSummary> {
    const { name, model, public: isPublic, reason } = input;
    const spec = deploymentSpec.parse(pickSpec(input));
    const target = await this.resolve(scope.id, model, spec);
    const shape = await this.live.check(scope, model, spec, target);
    const row = await this.tx.run(async (tx) => {
      const at = this.clock.now();
      const created = await this.deployments.create(
        tx,
        {
          projectId: scope.id,
          name,
          model,
          public: isPublic,
          createdAt: at,
          createdBy: caller.userId,
        },
        {
          revision: 1,
          spec: spec as Prisma.InputJsonValue,
          ...target,
          reason: reason ?? 'created',
          rolledBackFrom: null,
          createdBy: caller.userId,
          createdAt: at,
        },
      );
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'serving.deployment-created',
        target: name,
        after: { model, revision: 1, spec, ...target, public: isPublic },
      });
      await this.announce(tx, scope, created, 1, shape);
      return created;
    });
    await this.live.reconcile();
    return this.summary(scope, row);
  }

  async get(scope: ProjectScope, name: string): Promise<DeploymentSummary> {
    return this.summary(scope, await this.require(scope, name));
  }

  async list(scope: ProjectScope): Promise<DeploymentSummary[]> {
    const rows = await this.deployments.list(scope.id);
    return Promise.all(rows.map((r) => this.summary(scope, r)));
  }

  async revisions(scope: ProjectScope, name: string): Promise<RevisionSummary[]> {
    const row = await this.require(scope, name);
    return (await this.deployments.revisions(row.id)).map(toRevision);
  }

  async update(
    caller: Caller,
    scope: ProjectScope,
    input: UpdateDeploymentInput,
  ): Promise<DeploymentSummary> {
    const row = await this.require(scope, input.deployment);
    const current = (await this.deployments.revision(row.id, row.currentRevision))!;
    const changes = Object.fromEntries(SPEC_KEYS.map((k) => [k, input[k]]));
    const spec = deploymentSpec.parse(applyChanges(current.spec as DeploymentSpec, changes));
    // The versions stay those the current revision serves (an earlier rollback holds) unless an
    // alias itself is changed: then that side follows its alias now.
    const before = current.spec as DeploymentSpec;
    const resolved = await this.resolve(scope.id, row.model, spec);
    const target: RevisionTarget = {
      ...(spec.championAlias === before.championAlias
        ? { championVersion: current.championVersion, championSha256: current.championSha256 }
        : { championVersion: resolved.championVersion, championSha256: resolved.championSha256 }),
      ...(spec.challengerAlias === before.challengerAlias && current.challengerVersion !== null
        ? {
            challengerVersion: current.challengerVersion,
            challengerSha256: current.challengerSha256,
          }
        : {
            challengerVersion: resolved.challengerVersion,
            challengerSha256: resolved.challengerSha256,
          }),
    };
    const shape = await this.live.check(scope, row.model, spec, target);
    const updated = await this.tx.run(async (tx) => {
      const locked =
        (await this.deployments.lock(tx, scope.id, row.name)) ?? throwNotFound(row.name);
      // Built from the revision read before the lock: if another change landed meanwhile (an
      // automatic rollback, a rollout step), refuse rather than undo it.
      if (locked.currentRevision !== row.currentRevision) {
        throw new AppError(
          'CONFLICT',
          `Deployment "${row.name}" changed meanwhile (now revision ${locked.currentRevision}): read it again and retry`,
        );
      }
      const revision = (await this.deployments.lastRevisionNumber(tx, locked.id)) + 1;
      const at = this.clock.now();
      const next = await this.deployments.addRevision(
        tx,
        locked,
        {
          revision,
          spec: spec as Prisma.InputJsonValue,
          ...target,
          reason: input.reason ?? 'updated',
          rolledBackFrom: null,
          createdBy: caller.userId,
          createdAt: at,
        },
        input.public !== undefined ? { public: input.public } : {},
      );
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'serving.deployment-updated',
        target: row.name,
        before: { revision: locked.currentRevision, public: locked.public },
        after: { revision, spec, ...target, public: next.public },
      });
      await this.announce(tx, scope, next, revision, shape);
      return next;
    });
    await this.live.reconcile();
    return this.summary(scope, updated);
  }

  /** Back to any earlier revision in one call: a new revision with its configuration and versions. */
  async rollback(
    caller: Caller | null,
    scope: { id: string; slug: string },
    input: { deployment: string; toRevision: number; reason?: string | undefined },
    options: {
      automatic?: boolean;
      expectedRevision?: number;
      /** Changes to the restored configuration (a failed rollout drops its rollout). */
      specChanges?: Partial<Record<keyof DeploymentSpec, unknown>>;
    } = {},
  ): Promise<DeploymentSummary> {
    const row = await this.require(scope, input.deployment);
    const target = await this.deployments.revision(row.id, input.toRevision);
    if (!target || input.toRevision >= row.currentRevision) {
      throw new AppError(
        target ? 'BAD_REQUEST' : 'NOT_FOUND',
        target
          ? `Revision ${input.toRevision} is the current one: roll back to an earlier revision`
          : `Deployment "${row.name}" has no revision ${input.toRevision}`,
        {
          fields: [
            {
              path: 'toRevision',
              message: target ? 'not earlier than the current revision' : 'no such revision',
            },
          ],
        },
      );
    }
    const spec = deploymentSpec.parse(
      applyChanges(target.spec as DeploymentSpec, options.specChanges ?? {}),
    );
    const versions: RevisionTarget = {
      championVersion: target.championVersion,
      championSha256: target.championSha256,
      challengerVersion: target.challengerVersion,
      challengerSha256: target.challengerSha256,
    };
    const shape = await this.live.check(scope, row.model, spec, versions);
    const reason = input.reason ?? `rolled back to revision ${input.toRevision}`;
    const updated = await this.tx.run(async (tx) => {
      const locked =
        (await this.deployments.lock(tx, scope.id, row.name)) ?? throwNotFound(row.name);
      if (
        options.expectedRevision !== undefined &&
        locked.currentRevision !== options.expectedRevision
      ) {
        throw new AppError(
          'CONFLICT',
          `Deployment "${row.name}" changed meanwhile (now revision ${locked.currentRevision})`,
        );
      }
      const revision = (await this.deployments.lastRevisionNumber(tx, locked.id)) + 1;
      const at = this.clock.now();
      const next = await this.deployments.addRevision(tx, locked, {
        revision,
        spec: spec as Prisma.InputJsonValue,
        ...versions,
        reason,
        rolledBackFrom: input.toRevision,
        createdBy: caller?.userId ?? null,
        createdAt: at,
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'serving.rolled-back',
        target: row.name,
        before: { revision: locked.currentRevision },
        after: {
          revision,
          restores: input.toRevision,
          reason,
          automatic: options.automatic ?? false,
        },
      });
      await enqueueEvent(tx, rolledBack, {
        project: scope.slug,
        projectId: scope.id,
        deploymentId: row.id,
        deployment: row.name,
        fromRevision: locked.currentRevision,
        toRevision: input.toRevision,
        revision,
        reason,
        automatic: options.automatic ?? false,
        at: at.toISOString(),
      });
      await this.announce(tx, scope, next, revision, shape);
      return next;
    });
    await this.live.reconcile();
    return this.summary(scope, updated);
  }

  async delete(
    caller: Caller,
    scope: ProjectScope,
    name: string,
  ): Promise<{ deployment: string; deleted: boolean }> {
    await this.tx.run(async (tx) => {
      const locked = (await this.deployments.lock(tx, scope.id, name)) ?? throwNotFound(name);
      await this.deployments.delete(tx, locked.id);
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'serving.deployment-deleted',
        target: name,
        before: { revision: locked.currentRevision, model: locked.model },
      });
      await this.announce(
        tx,
        scope,
        locked,
        locked.currentRevision,
        { features: [], outputs: [] },
        true,
      );
    });
    await this.live.reconcile();
    return { deployment: name, deleted: true };
  }

  /**
   * An alias of a model moved: every deployment of the model serving that alias gets a new
   * revision with the new version — written only when it loads and fits (`checked` lists the
   * deployments whose check passed, outside the transaction); the others keep serving.
   */
  async followAlias(
    tx: Tx,
    move: {
      projectId: string;
      project: string;
      model: string;
      alias: string;
      fromVersion: number | null;
      toVersion: number | null;
      reason: string | null;
    },
    prepared: {
      checked: ReadonlyMap<
        string,
        {
          target: RevisionTarget;
          spec: DeploymentSpec;
          shape: { features: string[]; outputs: string[] };
          /** The revision the check was made against. */
          revision: number;
        }
      >;
      failures: readonly { deployment: string; reason: string }[];
    },
  ): Promise<void> {
    const why = `${move.alias} moved v${move.fromVersion ?? '-'} → v${move.toVersion ?? '-'}${move.reason ? `: ${move.reason}` : ''}`;
    for (const row of await this.deployments.listOfModel(move.projectId, move.model, tx)) {
      const checked = prepared.checked.get(row.id);
      if (!checked) continue;
      const locked = await this.deployments.lock(tx, move.projectId, row.name);
      if (!locked) continue; // deleted meanwhile
      if (locked.currentRevision !== checked.revision) {
        // Changed since the new version was checked against it (a rollback, an update): leave
        // it as it is now rather than undo that change.
        await recordAudit(tx, {
          actor: null,
          project: move.projectId,
          action: 'serving.alias-move-not-followed',
          target: row.name,
          after: { move: why, reason: `changed meanwhile (revision ${locked.currentRevision})` },
        });
        continue;
      }
      const revision = (await this.deployments.lastRevisionNumber(tx, locked.id)) + 1;
      await this.deployments.addRevision(tx, locked, {
        revision,
        spec: checked.spec as Prisma.InputJsonValue,
        ...checked.target,
        reason: why,
        rolledBackFrom: null,
        createdBy: null,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: null,
        project: move.projectId,
        action: 'serving.deployment-updated',
        target: row.name,
        before: { revision: locked.currentRevision },
        after: { revision, reason: why, ...checked.target },
      });
      await this.announce(
        tx,
        { id: move.projectId, slug: move.project },
        locked,
        revision,
        checked.shape,
      );
    }
    for (const failure of prepared.failures) {
      await recordAudit(tx, {
        actor: null,
        project: move.projectId,
        action: 'serving.alias-move-not-followed',
        target: failure.deployment,
        after: { move: why, reason: failure.reason },
      });
    }
  }

  /**
   * A change the platform makes itself (a rollout step): a new revision from the current one,
   * with the same versions, if the deployment is still at `expectedRevision` (else CONFLICT).
   */
  async systemChange(
    scope: { id: string; slug: string },
    name: string,
    expectedRevision: number,
    changes: Partial<Record<keyof DeploymentSpec, unknown>>,
    reason: string,
  ): Promise<void> {
    await this.tx.run(async (tx) => {
      const locked = (await this.deployments.lock(tx, scope.id, name)) ?? throwNotFound(name);
      if (locked.currentRevision !== expectedRevision) {
        throw new AppError(
          'CONFLICT',
          `Deployment "${name}" changed meanwhile (now revision ${locked.currentRevision})`,
        );
      }
      const current = (await this.deployments.revision(locked.id, locked.currentRevision, tx))!;
      const spec = deploymentSpec.parse(applyChanges(current.spec as DeploymentSpec, changes));
      const revision = locked.currentRevision + 1;
      await this.deployments.addRevision(tx, locked, {
        revision,
        spec: spec as Prisma.InputJsonValue,
        championVersion: current.championVersion,
        championSha256: current.championSha256,
        challengerVersion: current.challengerVersion,
        challengerSha256: current.challengerSha256,
        reason,
        rolledBackFrom: null,
        createdBy: null,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: null,
        project: scope.id,
        action: 'serving.deployment-updated',
        target: name,
        before: { revision: locked.currentRevision },
        after: { revision, reason, changes },
      });
    });
    await this.live.reconcile();
  }

  /** The revisions of a deployment (newest first), for the rollout's bookkeeping. */
  async revisionRows(scope: { id: string }, name: string): Promise<RevisionRow[]> {
    return this.deployments.revisions((await this.require(scope, name)).id);
  }

  /** `serving.deployment-changed`, in the change's transaction (monitoring keeps a copy). */
  private async announce(
    tx: Tx,
    scope: { id: string; slug: string },
    row: DeploymentRow,
    revision: number,
    shape: { features: string[]; outputs: string[] },
    deleted = false,
  ): Promise<void> {
    await enqueueEvent(tx, deploymentChanged, {
      project: scope.slug,
      projectId: scope.id,
      deploymentId: row.id,
      deployment: row.name,
      model: row.model,
      revision,
      ...shape,
      deleted,
      at: this.clock.now().toISOString(),
    });
  }

  private async require(scope: { id: string }, name: string): Promise<DeploymentRow> {
    const row = await this.deployments.find(scope.id, name);
    if (!row) throw deploymentNotFound(name);
    return row;
  }

  private async summary(scope: { slug: string }, row: DeploymentRow): Promise<DeploymentSummary> {
    const revision = (await this.deployments.revision(row.id, row.currentRevision))!;
    const live = this.live.getById(row.id);
    return {
      id: row.id,
      name: row.name,
      model: row.model,
      public: row.public,
      revision: toRevision(revision),
      live: live
        ? {
            revision: live.revision,
            championVersion: live.champion.version,
            challengerVersion: live.challenger?.version ?? null,
          }
        : null,
      endpoints: {
        predict: `/v1/models/${row.name}:predict?project=${scope.slug}`,
        infer: `/v2/models/${row.name}/infer?project=${scope.slug}`,
      },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

/** A spec with `changes` applied (`null` removes a setting). */
function applyChanges(
  spec: DeploymentSpec,
  changes: Partial<Record<keyof DeploymentSpec, unknown>>,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...spec };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  return next;
}

const SPEC_KEYS = Object.keys(deploymentSpec.shape) as (keyof DeploymentSpec)[];

/** The spec's fields of an input (the procedure's input also holds project, name, …). */
function pickSpec(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    SPEC_KEYS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]),
  );
}

function throwNotFound(name: string): never {
  throw deploymentNotFound(name);
}
