import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ARTIFACT_STORE, CLOCK, DATABASE, type NowClock, type ProjectScope } from '@sextant/api';
import { type Database, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { type ArtifactBody, type ArtifactStore, normalizeArtifactPath } from '@sextant/ports';
import { RunsService, runDeleted } from '../runs/runs.service';
import { type ArtifactRow, ArtifactsRepository } from './artifacts.repository';
import type { ArtifactSummary } from './artifacts.types';
import { contentTypeFor } from './content-type';

function toSummary(row: ArtifactRow): ArtifactSummary {
  return {
    path: row.path,
    size: Number(row.size),
    sha256: row.sha256,
    contentType: row.contentType,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A run's artifacts: logical paths (checked by normalizeArtifactPath, so `..`, absolute and
 * encoded forms are refused) naming bytes in the content-addressed ArtifactStore — no path a
 * user gives ever reaches the filesystem or the bucket.
 */
@Injectable()
export class ArtifactsService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly artifacts: ArtifactsRepository,
    private readonly runs: RunsService,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** Streams `body` into the store and records it as the run's `path` (replacing an earlier one). */
  async put(
    scope: ProjectScope,
    runId: string,
    path: string,
    body: ArtifactBody,
    maxBytes: number,
  ): Promise<ArtifactSummary> {
    const clean = normalizeArtifactPath(path);
    // Checked before the body is read, and again, under a lock, when it is recorded.
    if ((await this.runs.require(scope, runId)).deletedAt) throw runDeleted(runId);
    const stored = await this.store.put(body, { maxBytes });
    const row = await this.tx.run(async (tx) => {
      await this.runs.lockActive(tx, scope, runId);
      return this.artifacts.upsert(tx, {
        runId,
        path: clean,
        sha256: stored.sha256,
        size: BigInt(stored.size),
        contentType: contentTypeFor(clean),
        createdAt: this.clock.now(),
      });
    });
    return toSummary(row);
  }

  /** The artifact's record, or a 404 naming the path. */
  async find(scope: ProjectScope, runId: string, path: string): Promise<ArtifactSummary> {
    const clean = normalizeArtifactPath(path);
    await this.runs.require(scope, runId);
    const row = await this.artifacts.find(runId, clean);
    if (!row) {
      throw new AppError('NOT_FOUND', `Run ${runId} has no artifact "${clean}"`, {
        fields: [{ path: 'path', message: 'no such artifact' }],
      });
    }
    return toSummary(row);
  }

  async open(
    scope: ProjectScope,
    runId: string,
    path: string,
  ): Promise<{ artifact: ArtifactSummary; body: Readable }> {
    const artifact = await this.find(scope, runId, path);
    return { artifact, body: await this.store.get(artifact.sha256) };
  }

  /** A run's artifacts, or those under the folder `prefix` (as MLflow's list_artifacts(path)). */
  async list(scope: ProjectScope, runId: string, prefix?: string): Promise<ArtifactSummary[]> {
    const trimmed = prefix?.replace(/\/+$/, '');
    const folder = trimmed ? normalizeArtifactPath(trimmed) : undefined;
    await this.runs.require(scope, runId);
    return (await this.artifacts.list(runId, folder)).map(toSummary);
  }
}
