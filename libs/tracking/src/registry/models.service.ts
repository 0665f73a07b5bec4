import { Inject, Injectable } from '@nestjs/common';
import {
  ARTIFACT_STORE,
  CLOCK,
  type Caller,
  DATABASE,
  type NowClock,
  type ProjectScope,
  recordAudit,
} from '@sextant/api';
import { enqueueEvent } from '@sextant/bus';
import { type Database, type Prisma, Transactor, type Tx } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { validateModel } from '@sextant/onnx';
import type { ArtifactStore } from '@sextant/ports';
import { ArtifactsService } from '../artifacts/artifacts.service';
import { RunsService } from '../runs/runs.service';
import { toDate } from '../common.types';
import { aliasMoved, modelVersionRegistered } from '../events';
import {
  type AliasMoveRow,
  type ModelRow,
  ModelsRepository,
  type VersionRow,
} from './models.repository';
import type {
  CreateModelInput,
  LineageOutput,
  CreateVersionInput,
  ModelVersionSummary,
  RegisteredModelSummary,
  SetAliasInput,
} from './models.types';

/** The largest ONNX file registration reads into memory to validate. */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;

const record = (v: Prisma.JsonValue) => (v ?? {}) as Record<string, string>;

function modelNotFound(name: string): AppError {
  return new AppError('NOT_FOUND', `Model "${name}" not found`, {
    fields: [{ path: 'model', message: `no registered model "${name}" in this project` }],
  });
}
function versionNotFound(name: string, version: number): AppError {
  return new AppError('NOT_FOUND', `Model "${name}" has no version ${version}`, {
    fields: [{ path: 'version', message: `no version ${version}` }],
  });
}
function aliasNotFound(name: string, alias: string): AppError {
  return new AppError('NOT_FOUND', `Model "${name}" has no alias "${alias}"`, {
    fields: [{ path: 'alias', message: `no alias "${alias}"` }],
  });
}

function toMove(m: AliasMoveRow) {
  return { ...m, at: m.at.toISOString() };
}

/**
 * The model registry: registered models, versions made from a run's ONNX artifact (validated,
 * signature read from the file), and aliases with an append-only history of every move.
 */
@Injectable()
export class ModelsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly models: ModelsRepository,
    private readonly artifacts: ArtifactsService,
    private readonly runs: RunsService,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** The model's row, or 404 naming it. */
  async require(scope: ProjectScope, name: string): Promise<ModelRow> {
    const model = await this.models.find(scope.id, name);
    if (!model) throw modelNotFound(name);
    return model;
  }

  private async summaries(rows: ModelRow[]): Promise<RegisteredModelSummary[]> {
    const ids = rows.map((r) => r.id);
    const [latest, aliases] = await Promise.all([
      this.models.latestVersions(ids),
      this.models.aliases(ids),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      tags: record(r.tags),
      aliases: Object.fromEntries(
        aliases.filter((a) => a.modelId === r.id).map((a) => [a.alias, a.version]),
      ),
      latestVersion: latest.get(r.id) || null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  private async versionSummary(model: ModelRow, v: VersionRow): Promise<ModelVersionSummary> {
    const aliases = (await this.models.aliases([model.id])).filter((a) => a.version === v.version);
    const signature = v.signature as ModelVersionSummary['signature'];
    return {
      id: v.id,
      model: model.name,
      version: v.version,
      runId: v.runId,
      artifactPath: v.artifactPath,
      sha256: v.sha256,
      size: Number(v.size),
      status: v.status,
      statusReason: v.statusReason,
      signature: {
        inputs: signature.inputs,
        outputs: signature.outputs,
        opsets: signature.opsets,
        featureNames: signature.featureNames ?? null,
      },
      featureNames: (v.featureNames as string[] | null) ?? null,
      tags: record(v.tags),
      aliases: aliases.map((a) => a.alias),
      createdAt: v.createdAt.toISOString(),
    };
  }

  async create(
    caller: Caller,
    scope: ProjectScope,
    input: CreateModelInput,
  ): Promise<RegisteredModelSummary> {
    const row = await this.tx.run(async (tx) => {
      const created = await this.models.create(tx, {
        projectId: scope.id,
        name: input.name,
        description: input.description ?? null,
        tags: input.tags ?? {},
        createdBy: caller.userId,
        now: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.model-created',
        target: created.id,
        after: { name: created.name },
      });
      return created;
    });
    return (await this.summaries([row]))[0]!;
  }

  async list(scope: ProjectScope): Promise<RegisteredModelSummary[]> {
    return this.summaries(await this.models.list(scope.id));
  }

  async get(scope: ProjectScope, name: string) {
    const model = await this.require(scope, name);
    const [summary] = await this.summaries([model]);
    const versions = await this.models.listVersions(model.id);
    return {
      ...summary!,
      versions: await Promise.all(versions.map((v) => this.versionSummary(model, v))),
    };
  }

  /**
   * Registers a run's ONNX artifact as the model's next version. The file is validated first
   * (parses, no external data, onnxruntime loads it) and its signature read from it: a file that
   * is not a valid model is a 400 and nothing is registered.
   */
  async createVersion(
    caller: Caller,
    scope: ProjectScope,
    input: CreateVersionInput,
  ): Promise<ModelVersionSummary> {
    const model = await this.require(scope, input.model);
    const artifact = await this.artifacts.find(scope, input.runId, input.artifactPath);
    if (artifact.size > MAX_MODEL_BYTES) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The model file is larger than ${MAX_MODEL_BYTES} bytes`,
        {
          fields: [{ path: 'artifactPath', message: 'too large to register' }],
        },
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(artifact.sha256)) chunks.push(chunk as Buffer);
    let signature;
    try {
      signature = await validateModel(new Uint8Array(Buffer.concat(chunks)));
    } catch (error) {
      if (error instanceof AppError) {
        throw new AppError(
          'BAD_REQUEST',
          `${artifact.path} is not a valid ONNX model: ${error.message}`,
          {
            fields: [{ path: 'artifactPath', message: error.message }],
            details: error.details,
          },
        );
      }
      throw error;
    }
    const featureNames = input.featureNames ?? signature.featureNames ?? null;
    if (input.featureNames) this.checkFeatureNames(signature.inputs, input.featureNames);
    // Versions are numbered under the model row's lock: two registrations cannot take one number.
    const row = await this.tx.run(async (tx) => {
      const locked = await this.models.lock(tx, scope.id, model.name);
      if (!locked) throw modelNotFound(model.name);
      const created = await this.models.createVersion(tx, {
        modelId: model.id,
        version: await this.models.nextVersion(tx, model.id),
        runId: input.runId,
        artifactPath: artifact.path,
        sha256: artifact.sha256,
        size: BigInt(artifact.size),
        status: 'ready',
        statusReason: null,
        signature: signature as unknown as Prisma.InputJsonValue,
        featureNames,
        tags: input.tags ?? {},
        createdBy: caller.userId,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.model-version-registered',
        target: created.id,
        after: { model: model.name, version: created.version, sha256: created.sha256 },
      });
      await enqueueEvent(tx, modelVersionRegistered, {
        project: scope.slug,
        modelId: model.id,
        model: model.name,
        version: created.version,
        versionId: created.id,
        runId: created.runId,
        sha256: created.sha256,
        projectId: scope.id,
        featureNames: (created.featureNames as string[] | null) ?? null,
        registeredAt: created.createdAt.toISOString(),
      });
      return created;
    });
    return this.versionSummary(model, row);
  }

  /** Feature names must fit a single [N, k] input (or name the model's inputs one to one). */
  private checkFeatureNames(
    inputs: { name: string; shape: (number | string | null)[] | null }[],
    names: string[],
  ) {
    const k = inputs.length === 1 ? inputs[0]!.shape?.[1] : undefined;
    const fits =
      inputs.length === 1
        ? typeof k !== 'number' || k === names.length
        : inputs.length === names.length;
    if (!fits || new Set(names).size !== names.length) {
      const message =
        inputs.length === 1
          ? `the model's input takes ${String(k)} columns; ${names.length} distinct names are needed`
          : `the model has ${inputs.length} inputs; give one distinct name per input`;
      throw new AppError('BAD_REQUEST', `featureNames do not fit the model: ${message}`, {
        fields: [{ path: 'featureNames', message }],
      });
    }
  }

  async getVersion(
    scope: ProjectScope,
    name: string,
    version: number,
  ): Promise<ModelVersionSummary> {
    const model = await this.require(scope, name);
    const v = await this.models.findVersion(model.id, version);
    if (!v) throw versionNotFound(name, version);
    return this.versionSummary(model, v);
  }

  /** Points an alias at a version (recorded in its history); to the same version is a no-op. */
  async setAlias(
    caller: Caller,
    scope: ProjectScope,
    input: SetAliasInput,
  ): Promise<ModelVersionSummary> {
    return this.move(caller, scope, input.model, input.alias, input.version, input.reason ?? null);
  }

  async deleteAlias(
    caller: Caller,
    scope: ProjectScope,
    input: { model: string; alias: string; reason?: string | undefined },
  ) {
    await this.move(caller, scope, input.model, input.alias, null, input.reason ?? null);
    return { model: input.model, alias: input.alias, deleted: true };
  }

  private async move(
    caller: Caller,
    scope: ProjectScope,
    name: string,
    alias: string,
    toVersion: number | null,
    reason: string | null,
  ): Promise<ModelVersionSummary> {
    const { model, version } = await this.tx.run(async (tx) => {
      const locked = await this.models.lock(tx, scope.id, name);
      if (!locked) throw modelNotFound(name);
      return this.moveLocked(tx, caller, scope, locked, alias, toVersion, reason);
    });
    return this.versionSummary(model, version);
  }

  /** The model's row, locked for the transaction (alias moves and gates run one at a time). */
  async lockModel(tx: Tx, scope: ProjectScope, name: string): Promise<ModelRow> {
    const locked = await this.models.lock(tx, scope.id, name);
    if (!locked) throw modelNotFound(name);
    return locked;
  }

  /** A version of a locked model, or 404 naming it. */
  async requireVersion(tx: Tx, model: ModelRow, version: number): Promise<VersionRow> {
    const v = await this.models.findVersion(model.id, version, tx);
    if (!v) throw versionNotFound(model.name, version);
    return v;
  }

  /** The version an alias points at now (null if unset). */
  async aliasVersion(tx: Tx, model: ModelRow, alias: string): Promise<VersionRow | null> {
    const current = await this.models.findAlias(model.id, alias, tx);
    return current ? this.models.findVersion(model.id, current.version, tx) : null;
  }

  /**
   * Moves an alias of a model locked by the caller's transaction (`lockModel`): the history row,
   * the audit entry and `tracking.alias-moved` commit with the caller's other writes.
   */
  async moveLocked(
    tx: Tx,
    caller: Caller,
    scope: ProjectScope,
    locked: ModelRow,
    alias: string,
    toVersion: number | null,
    reason: string | null,
  ): Promise<{ model: ModelRow; version: VersionRow }> {
    const name = locked.name;
    const current = await this.models.findAlias(locked.id, alias, tx);
    if (toVersion === null && !current) throw aliasNotFound(name, alias);
    const target =
      toVersion === null ? null : await this.models.findVersion(locked.id, toVersion, tx);
    if (toVersion !== null && !target) throw versionNotFound(name, toVersion);
    const shown = target ?? (await this.models.findVersion(locked.id, current!.version, tx))!;
    if ((current?.version ?? null) === toVersion) return { model: locked, version: shown };
    const at = this.clock.now();
    await this.models.moveAlias(tx, {
      modelId: locked.id,
      alias,
      fromVersion: current?.version ?? null,
      toVersion,
      actorId: caller.userId,
      reason,
      at,
    });
    await recordAudit(tx, {
      actor: caller,
      project: scope.id,
      action: 'tracking.alias-moved',
      target: `${locked.name}@${alias}`,
      before: { version: current?.version ?? null },
      after: { version: toVersion, reason },
    });
    await enqueueEvent(tx, aliasMoved, {
      project: scope.slug,
      modelId: locked.id,
      model: locked.name,
      alias,
      fromVersion: current?.version ?? null,
      toVersion,
      sha256: target?.sha256 ?? null,
      at: at.toISOString(),
      reason,
      projectId: scope.id,
      featureNames: (target?.featureNames as string[] | null | undefined) ?? null,
    });
    return { model: locked, version: shown };
  }

  async getByAlias(scope: ProjectScope, name: string, alias: string): Promise<ModelVersionSummary> {
    const model = await this.require(scope, name);
    const current = await this.models.findAlias(model.id, alias);
    if (!current) throw aliasNotFound(name, alias);
    return this.versionSummary(model, (await this.models.findVersion(model.id, current.version))!);
  }

  /** What `alias` pointed to at `at` ("what served at time T"). */
  async aliasAt(scope: ProjectScope, name: string, alias: string, at: number | string) {
    const model = await this.require(scope, name);
    const when = toDate(at);
    const move = await this.models.moveAt(model.id, alias, when);
    return {
      alias,
      at: when.toISOString(),
      version: move?.toVersion ?? null,
      since: move ? toMove(move) : null,
    };
  }

  /**
   * The version's lineage in one graph: the version, its artifact (sha256), the run that produced
   * it (params, metrics), the run's experiment, its dataset versions (by role) and the code commit.
   */
  async lineage(scope: ProjectScope, name: string, version: number): Promise<LineageOutput> {
    const v = await this.getVersion(scope, name, version);
    const run = await this.runs.get(scope, v.runId);
    const vid = `model-version:${v.id}`;
    const nodes: LineageOutput['nodes'] = [
      {
        id: vid,
        kind: 'model-version',
        label: `${name} v${version}`,
        data: { model: name, version, aliases: v.aliases, signature: v.signature },
      },
      {
        id: `artifact:${v.sha256}`,
        kind: 'artifact',
        label: v.artifactPath,
        data: { path: v.artifactPath, sha256: v.sha256, size: v.size },
      },
      {
        id: `run:${run.id}`,
        kind: 'run',
        label: run.name,
        data: {
          runId: run.id,
          status: run.status,
          params: run.params,
          metrics: run.metrics,
          startTime: run.startTime,
        },
      },
      {
        id: `experiment:${run.experimentId}`,
        kind: 'experiment',
        label: run.experimentName,
        data: { experimentId: run.experimentId },
      },
    ];
    const edges: LineageOutput['edges'] = [
      { from: vid, to: `artifact:${v.sha256}`, relation: 'stored-as' },
      { from: vid, to: `run:${run.id}`, relation: 'produced-by' },
      { from: `run:${run.id}`, to: `experiment:${run.experimentId}`, relation: 'in-experiment' },
    ];
    for (const input of run.inputs) {
      const id = `dataset-version:${input.datasetVersionId}`;
      if (!nodes.some((n) => n.id === id)) {
        nodes.push({
          id,
          kind: 'dataset-version',
          label: `${input.name} v${input.version}`,
          data: { ...input },
        });
      }
      edges.push({ from: `run:${run.id}`, to: id, relation: `trained-on:${input.role}` });
    }
    if (run.code.commit) {
      const id = `code-commit:${run.code.commit}`;
      nodes.push({
        id,
        kind: 'code-commit',
        label: run.code.commit.slice(0, 12),
        data: { ...run.code },
      });
      edges.push({ from: `run:${run.id}`, to: id, relation: 'built-from' });
    }
    return { nodes, edges };
  }

  async aliasHistory(scope: ProjectScope, name: string, alias?: string) {
    const model = await this.require(scope, name);
    return (await this.models.history(model.id, alias)).map(toMove);
  }
}
