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
import { type Database, Transactor } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { gateEvaluated } from '../events';
import { ModelsService } from '../registry/models.service';
import { evaluateThresholds } from './evaluate';
import { type GateDecisionRow, GatesRepository } from './gates.repository';
import type { GateDecision, MetricCheck, MetricThreshold } from './gates.types';

export interface EvaluateGate {
  model: string;
  candidate: number;
  baselineAlias: string;
  thresholds: Record<string, MetricThreshold>;
  promote: boolean;
  reason?: string | undefined;
}

/** Metric values as JSON can hold them (non-finite → null; the check says why it failed). */
function jsonValues(
  keys: readonly string[],
  values: ReadonlyMap<string, number>,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of keys) {
    const v = values.get(k);
    if (v !== undefined) out[k] = Number.isFinite(v) ? v : null;
  }
  return out;
}

function encodeCursor(row: GateDecisionRow): string {
  return `${row.createdAt.getTime()}.${row.id}`;
}
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const m = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    cursor,
  );
  if (!m || Number.isNaN(new Date(Number(m[1])).getTime())) {
    throw new AppError('BAD_REQUEST', 'Invalid cursor', {
      fields: [{ path: 'cursor', message: 'not a cursor this procedure returned' }],
    });
  }
  return { createdAt: new Date(Number(m[1])), id: m[2]! };
}

/**
 * Promotion gates: a candidate version against the version behind an alias, on the latest
 * values of chosen run metrics, with MLflow's `MetricThreshold` semantics. Every decision is
 * stored with its inputs; a passing gate may move the alias to the candidate in the same
 * transaction (so no other move can slip between the decision and the promotion).
 */
@Injectable()
export class GatesService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly gates: GatesRepository,
    private readonly models: ModelsService,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  async evaluate(caller: Caller, scope: ProjectScope, input: EvaluateGate): Promise<GateDecision> {
    const row = await this.tx.run(async (tx) => {
      const model = await this.models.lockModel(tx, scope, input.model);
      const candidate = await this.models.requireVersion(tx, model, input.candidate);
      const baseline = await this.models.aliasVersion(tx, model, input.baselineAlias);
      const keys = Object.keys(input.thresholds);
      const candidateMetrics = await this.gates.latestMetrics(tx, candidate.runId, keys);
      const baselineMetrics = baseline
        ? await this.gates.latestMetrics(tx, baseline.runId, keys)
        : null;
      const { checks, passed } = evaluateThresholds(
        input.thresholds,
        candidateMetrics,
        baselineMetrics,
      );
      const promote = passed && input.promote && baseline?.version !== candidate.version;
      if (promote) {
        const why = input.reason ?? `passed the gate against ${input.baselineAlias}`;
        await this.models.moveLocked(
          tx,
          caller,
          scope,
          model,
          input.baselineAlias,
          candidate.version,
          why,
        );
      }
      const decision = await this.gates.insert(tx, {
        modelId: model.id,
        candidateVersion: candidate.version,
        baselineAlias: input.baselineAlias,
        baselineVersion: baseline?.version ?? null,
        thresholds: input.thresholds,
        candidateMetrics: jsonValues(keys, candidateMetrics),
        baselineMetrics: baselineMetrics ? jsonValues(keys, baselineMetrics) : null,
        results: checks,
        passed,
        promotedTo: promote ? input.baselineAlias : null,
        reason: input.reason ?? null,
        actorId: caller.userId,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.gate-evaluated',
        target: `${model.name}/${candidate.version}`,
        after: {
          decision: decision.id,
          baselineAlias: input.baselineAlias,
          baselineVersion: decision.baselineVersion,
          passed,
          promotedTo: decision.promotedTo,
        },
      });
      await enqueueEvent(tx, gateEvaluated, {
        project: scope.slug,
        modelId: model.id,
        model: model.name,
        decisionId: decision.id,
        candidateVersion: candidate.version,
        baselineAlias: input.baselineAlias,
        baselineVersion: decision.baselineVersion,
        passed,
        promotedTo: decision.promotedTo,
      });
      return decision;
    });
    return this.toDecision(input.model, row);
  }

  async list(
    scope: ProjectScope,
    input: {
      model: string;
      candidate?: number | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ): Promise<{ items: GateDecision[]; nextCursor: string | null }> {
    const model = await this.models.require(scope, input.model);
    const rows = await this.gates.list(model.id, {
      ...(input.candidate !== undefined ? { candidate: input.candidate } : {}),
      limit: input.limit + 1,
      ...(input.cursor ? { after: decodeCursor(input.cursor) } : {}),
    });
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((r) => this.toDecision(model.name, r)),
      nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1]!) : null,
    };
  }

  async get(scope: ProjectScope, id: string): Promise<GateDecision> {
    const row = await this.gates.find(id);
    if (!row || row.model.projectId !== scope.id) {
      throw new AppError('NOT_FOUND', `Gate decision "${id}" not found`, {
        fields: [{ path: 'id', message: `no gate decision "${id}" in this project` }],
      });
    }
    return this.toDecision(row.model.name, row);
  }

  private toDecision(model: string, row: GateDecisionRow): GateDecision {
    return {
      id: row.id,
      model,
      candidateVersion: row.candidateVersion,
      baselineAlias: row.baselineAlias,
      baselineVersion: row.baselineVersion,
      thresholds: row.thresholds as Record<string, MetricThreshold>,
      candidateMetrics: row.candidateMetrics as Record<string, number | null>,
      baselineMetrics: row.baselineMetrics as Record<string, number | null> | null,
      checks: row.results as MetricCheck[],
      passed: row.passed,
      promotedTo: row.promotedTo,
      reason: row.reason,
      actorId: row.actorId,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
