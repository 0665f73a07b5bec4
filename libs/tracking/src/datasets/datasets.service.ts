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
import { type Database, Prisma, Transactor, databaseErrorToAppError } from '@sextant/db';
import { AppError } from '@sextant/errors';
import type { ArtifactStore } from '@sextant/ports';
import { ArtifactsService } from '../artifacts/artifacts.service';
import { datasetVersionCreated } from '../events';
import { RunsService } from '../runs/runs.service';
import { type DatasetVersionRow, DatasetsRepository } from './datasets.repository';
import type {
  CreateDatasetInput,
  DatasetDetail,
  DatasetSummary,
  LogInputsInput,
} from './datasets.types';
import { profileCsv } from './profile';

function toSummary(row: Omit<DatasetVersionRow, 'profile'>): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    sha256: row.sha256,
    size: Number(row.size),
    format: row.format,
    source: row.source as DatasetSummary['source'],
    schema: row.schema as DatasetSummary['schema'],
    rowCount: row.rowCount,
    createdAt: row.createdAt.toISOString(),
  };
}

function notFound(name: string, version?: number): AppError {
  const what = version === undefined ? `"${name}"` : `"${name}" version ${version}`;
  return new AppError('NOT_FOUND', `Dataset ${what} not found`, {
    fields: [{ path: version === undefined ? 'name' : 'version', message: `no dataset ${what}` }],
  });
}

/**
 * Dataset versions: made from a run's artifact (a CSV), profiled once (schema with column kinds,
 * row count, per-column quantiles, histogram, category counts and missing share — monitoring's
 * drift reference). The same content under the same name is the same version.
 */
@Injectable()
export class DatasetsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly datasets: DatasetsRepository,
    private readonly artifacts: ArtifactsService,
    private readonly runs: RunsService,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  async create(
    caller: Caller,
    scope: ProjectScope,
    input: CreateDatasetInput,
  ): Promise<DatasetDetail> {
    const artifact = await this.artifacts.find(scope, input.runId, input.path);
    const existing = await this.datasets.findBySha(scope.id, input.name, artifact.sha256);
    if (existing) return this.detail(existing);
    // Profiling reads the whole file: outside any transaction.
    const profile = await profileCsv(await this.store.get(artifact.sha256));
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await this.tx.run(async (tx) => {
          const again = await this.datasets.findBySha(scope.id, input.name, artifact.sha256, tx);
          if (again) return again;
          const created = await this.datasets.create(tx, {
            projectId: scope.id,
            name: input.name,
            version: await this.datasets.nextVersion(tx, scope.id, input.name),
            sha256: artifact.sha256,
            size: BigInt(artifact.size),
            format: input.format,
            source: { runId: input.runId, path: artifact.path },
            schema: profile.columns as unknown as Prisma.InputJsonValue,
            rowCount: profile.rowCount,
            profile: profile as unknown as Prisma.InputJsonValue,
            createdBy: caller.userId,
            createdAt: this.clock.now(),
          });
          await recordAudit(tx, {
            actor: caller,
            project: scope.id,
            action: 'tracking.dataset-version-created',
            target: created.id,
            after: { name: created.name, version: created.version, sha256: created.sha256 },
          });
          await enqueueEvent(tx, datasetVersionCreated, {
            datasetVersionId: created.id,
            project: scope.slug,
            name: created.name,
            version: created.version,
            sha256: created.sha256,
            rowCount: created.rowCount,
          });
          return created;
        });
        return this.detail(row);
      } catch (error) {
        // Two writers took the same next version number: the loser tries again.
        const mapped = databaseErrorToAppError(error);
        if (mapped?.code === 'CONFLICT' && attempt < 3) continue;
        throw error;
      }
    }
  }

  async get(scope: ProjectScope, name: string, version?: number): Promise<DatasetDetail> {
    const row = await this.datasets.find(scope.id, name, version);
    if (!row) throw notFound(name, version);
    return this.detail(row);
  }

  async list(scope: ProjectScope, name?: string): Promise<DatasetSummary[]> {
    return (await this.datasets.list(scope.id, name)).map(toSummary);
  }

  /** Links dataset versions to a run with their role; linking one twice is a no-op. */
  async logInputs(scope: ProjectScope, input: LogInputsInput): Promise<DatasetSummary[]> {
    const links: { datasetVersionId: string; role: LogInputsInput['inputs'][number]['role'] }[] =
      [];
    const rows: DatasetVersionRow[] = [];
    for (const i of input.inputs) {
      const row = await this.datasets.find(scope.id, i.dataset, i.version);
      if (!row) throw notFound(i.dataset, i.version);
      links.push({ datasetVersionId: row.id, role: i.role });
      rows.push(row);
    }
    await this.tx.run(async (tx) => {
      await this.runs.lockActive(tx, scope, input.runId);
      await this.datasets.linkInputs(tx, input.runId, links);
    });
    return rows.map(toSummary);
  }

  private detail(row: DatasetVersionRow): DatasetDetail {
    return { ...toSummary(row), profile: row.profile as Record<string, unknown> };
  }
}
