import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Prisma, Tx } from '@sextant/db';

export interface GateDecisionRow {
  id: string;
  modelId: string;
  candidateVersion: number;
  baselineAlias: string;
  baselineVersion: number | null;
  thresholds: Prisma.JsonValue;
  candidateMetrics: Prisma.JsonValue;
  baselineMetrics: Prisma.JsonValue;
  results: Prisma.JsonValue;
  passed: boolean;
  promotedTo: string | null;
  reason: string | null;
  actorId: string | null;
  createdAt: Date;
}

export type NewGateDecision = Omit<GateDecisionRow, 'id' | 'createdAt'> & { createdAt: Date };

/** tracking.gate_decisions (append-only), and the latest metric values a gate compares. */
@Injectable()
export class GatesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The latest value of each of `keys` logged by a run (MLflow's "latest metric"). */
  async latestMetrics(
    tx: Tx,
    runId: string,
    keys: readonly string[],
  ): Promise<Map<string, number>> {
    const rows = await tx.latestMetric.findMany({
      where: { runId, key: { in: [...keys] } },
      select: { key: true, value: true },
    });
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  insert(tx: Tx, decision: NewGateDecision): Promise<GateDecisionRow> {
    return tx.gateDecision.create({
      data: {
        ...decision,
        thresholds: decision.thresholds as Prisma.InputJsonValue,
        candidateMetrics: decision.candidateMetrics as Prisma.InputJsonValue,
        baselineMetrics: (decision.baselineMetrics ?? undefined) as
          Prisma.InputJsonValue | undefined,
        results: decision.results as Prisma.InputJsonValue,
      },
    });
  }

  /** Newest first; `after` is the (createdAt, id) of the last row of the previous page. */
  list(
    modelId: string,
    options: { candidate?: number; limit: number; after?: { createdAt: Date; id: string } },
  ): Promise<GateDecisionRow[]> {
    const after = options.after;
    return this.db.prisma.gateDecision.findMany({
      where: {
        modelId,
        ...(options.candidate !== undefined ? { candidateVersion: options.candidate } : {}),
        ...(after
          ? {
              OR: [
                { createdAt: { lt: after.createdAt } },
                { createdAt: after.createdAt, id: { lt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit,
    });
  }

  find(
    id: string,
  ): Promise<(GateDecisionRow & { model: { projectId: string; name: string } }) | null> {
    return this.db.prisma.gateDecision.findUnique({
      where: { id },
      include: { model: { select: { projectId: true, name: true } } },
    });
  }
}
