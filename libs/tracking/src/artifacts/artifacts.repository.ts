import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Tx } from '@sextant/db';

export interface ArtifactRow {
  runId: string;
  path: string;
  sha256: string;
  size: bigint;
  contentType: string | null;
  createdAt: Date;
}

/** tracking.run_artifacts: a run's logical paths and the stored bytes (by sha256) they name. */
@Injectable()
export class ArtifactsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  upsert(tx: Tx, row: Omit<ArtifactRow, 'createdAt'> & { createdAt: Date }): Promise<ArtifactRow> {
    return tx.runArtifact.upsert({
      where: { runId_path: { runId: row.runId, path: row.path } },
      create: row,
      update: {
        sha256: row.sha256,
        size: row.size,
        contentType: row.contentType,
        createdAt: row.createdAt,
      },
    });
  }

  find(runId: string, path: string): Promise<ArtifactRow | null> {
    return this.db.prisma.runArtifact.findUnique({ where: { runId_path: { runId, path } } });
  }

  /** All of a run's artifacts, or those in the folder `folder` (a clean path, no trailing /). */
  list(runId: string, folder: string | undefined): Promise<ArtifactRow[]> {
    if (!folder) {
      return this.db.prisma.runArtifact.findMany({ where: { runId }, orderBy: { path: 'asc' } });
    }
    // starts_with, not LIKE: `%` and `_` in a folder name are plain characters.
    return this.db.prisma.$queryRaw<ArtifactRow[]>`
      SELECT run_id AS "runId", path, sha256, size, content_type AS "contentType", created_at AS "createdAt"
      FROM tracking.run_artifacts
      WHERE run_id = ${runId}::uuid AND starts_with(path, ${`${folder}/`})
      ORDER BY path`;
  }
}
