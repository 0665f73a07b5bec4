import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import { type Database, Prisma, type Tx } from '@sextant/db';

/** Metric points in columns, as the bulk insert takes them. */
export interface MetricColumns {
  keys: string[];
  steps: number[];
  timestamps: number[];
  values: number[];
}

export interface StoredPoint {
  step: number;
  timestamp: number;
  value: number;
}

/**
 * A float8[] parameter. Prisma sends a NaN or ±Infinity as null, so arrays holding one travel as
 * text ('NaN', 'Infinity', shortest round-trip decimals) that PostgreSQL parses to the same float8.
 */
function floats(values: number[]): Prisma.Sql {
  return values.every(Number.isFinite)
    ? Prisma.sql`${values}::float8[]`
    : Prisma.sql`${values.map(String)}::text[]::float8[]`;
}

/**
 * tracking.metrics, latest_metrics, metric_batches, and the params and tags a batch writes. Every
 * write is one statement over `unnest` arrays (never row by row), and rows that lock are written
 * in key order, so concurrent batches to one run cannot deadlock.
 */
@Injectable()
export class MetricsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Claims the batch id for this run. False when it is already taken (by a committed batch; an
   * in-flight one with the same id is waited for).
   */
  async claimBatch(
    tx: Tx,
    runId: string,
    batchId: string,
    digest: string,
    result: unknown,
  ): Promise<boolean> {
    const n = await tx.$executeRaw`
      INSERT INTO tracking.metric_batches (run_id, batch_id, digest, result)
      VALUES (${runId}::uuid, ${batchId}, ${digest}, ${JSON.stringify(result)}::jsonb)
      ON CONFLICT (run_id, batch_id) DO NOTHING`;
    return n === 1;
  }

  findBatch(runId: string, batchId: string): Promise<{ digest: string; result: unknown } | null> {
    return this.db.prisma.metricBatch.findUnique({
      where: { runId_batchId: { runId, batchId } },
      select: { digest: true, result: true },
    });
  }

  async insertMetrics(tx: Tx, runId: string, m: MetricColumns): Promise<void> {
    if (m.keys.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO tracking.metrics (run_id, key, step, timestamp, value)
      SELECT ${runId}::uuid, k, s, t, v
      FROM unnest(${m.keys}::text[], ${m.steps}::bigint[], ${m.timestamps}::bigint[], ${floats(m.values)}) AS x(k, s, t, v)`;
  }

  /**
   * Raises each key's latest value (largest step, then timestamp, then value — MLflow's rule) to
   * the batch's, if the batch's is later. `latest` holds one point per key, sorted by key.
   */
  async raiseLatest(tx: Tx, runId: string, latest: MetricColumns): Promise<void> {
    if (latest.keys.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO tracking.latest_metrics AS l (run_id, key, step, timestamp, value)
      SELECT ${runId}::uuid, k, s, t, v
      FROM unnest(${latest.keys}::text[], ${latest.steps}::bigint[], ${latest.timestamps}::bigint[], ${floats(latest.values)}) AS x(k, s, t, v)
      ORDER BY k
      ON CONFLICT (run_id, key) DO UPDATE
        SET step = EXCLUDED.step, timestamp = EXCLUDED.timestamp, value = EXCLUDED.value
        WHERE (EXCLUDED.step, EXCLUDED.timestamp, EXCLUDED.value) > (l.step, l.timestamp, l.value)`;
  }

  /**
   * Writes params that are new and returns those already logged with another value (sorted by
   * key). `keys` must be sorted.
   */
  async writeParams(
    tx: Tx,
    runId: string,
    keys: string[],
    values: string[],
  ): Promise<{ key: string; stored: string; given: string }[]> {
    if (keys.length === 0) return [];
    await tx.$executeRaw`
      INSERT INTO tracking.run_params (run_id, key, value)
      SELECT ${runId}::uuid, k, v FROM unnest(${keys}::text[], ${values}::text[]) AS x(k, v)
      ORDER BY k
      ON CONFLICT (run_id, key) DO NOTHING`;
    return tx.$queryRaw<{ key: string; stored: string; given: string }[]>`
      SELECT p.key, p.value AS stored, x.v AS given
      FROM unnest(${keys}::text[], ${values}::text[]) AS x(k, v)
      JOIN tracking.run_params p ON p.run_id = ${runId}::uuid AND p.key = x.k
      WHERE p.value <> x.v
      ORDER BY p.key`;
  }

  /** Sets tags (replacing values). `keys` must be sorted. */
  async writeTags(tx: Tx, runId: string, keys: string[], values: string[]): Promise<void> {
    if (keys.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO tracking.run_tags (run_id, key, value)
      SELECT ${runId}::uuid, k, v FROM unnest(${keys}::text[], ${values}::text[]) AS x(k, v)
      ORDER BY k
      ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value`;
  }

  async countPoints(runId: string, key: string): Promise<number> {
    const rows = await this.db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM tracking.metrics WHERE run_id = ${runId}::uuid AND key = ${key}`;
    return Number(rows[0]?.n ?? 0);
  }

  async history(runId: string, key: string, limit: number): Promise<StoredPoint[]> {
    const rows = await this.db.prisma.$queryRaw<{ s: bigint; t: bigint; v: number }[]>`
      SELECT step AS s, timestamp AS t, value AS v FROM tracking.metrics
      WHERE run_id = ${runId}::uuid AND key = ${key}
      ORDER BY step, timestamp
      LIMIT ${limit}`;
    return rows.map((r) => ({ step: Number(r.s), timestamp: Number(r.t), value: Number(r.v) }));
  }

  /**
   * Min/max downsampling in the database: the step range is cut into `buckets` equal buckets and
   * each keeps its lowest and highest point (so spikes survive), plus every NaN bucket's first
   * NaN. Only about 2×buckets rows leave PostgreSQL, whatever the history's length.
   */
  async downsample(runId: string, key: string, buckets: number): Promise<StoredPoint[]> {
    // MATERIALIZED: right after a bulk insert the planner may think the history has one row and
    // re-run an inlined `bounds` for every point (20,000 points took minutes).
    // min()/max() over float8[] compare element by element: [value, step, timestamp] picks the
    // point with the extreme value (then the earliest step) in one pass, without sorting.
    const rows = await this.db.prisma.$queryRaw<{ lo: number[]; hi: number[] }[]>(Prisma.sql`
      WITH bounds AS MATERIALIZED (
        SELECT min(step)::float8 AS lo, max(step)::float8 AS hi,
          min(timestamp)::float8 AS tlo, max(timestamp)::float8 AS thi
        FROM tracking.metrics WHERE run_id = ${runId}::uuid AND key = ${key}
      )
      SELECT
        min(ARRAY[m.value, m.step::float8, m.timestamp::float8]) FILTER (WHERE m.value <> 'NaN') AS lo,
        max(ARRAY[m.value, m.step::float8, m.timestamp::float8]) FILTER (WHERE m.value <> 'NaN') AS hi,
        min(ARRAY[m.step::float8, m.timestamp::float8]) FILTER (WHERE m.value = 'NaN') AS nan
      FROM tracking.metrics m, bounds b
      WHERE m.run_id = ${runId}::uuid AND m.key = ${key}
      -- A history logged at one step (MLflow's default step 0) is bucketed by time instead.
      GROUP BY CASE WHEN b.hi > b.lo
        THEN width_bucket(m.step::float8, b.lo, b.hi + 1, ${buckets}::int)
        ELSE width_bucket(m.timestamp::float8, b.tlo, b.thi + 1, ${buckets}::int) END`);
    const points: StoredPoint[] = [];
    for (const r of rows as { lo: number[] | null; hi: number[] | null; nan: number[] | null }[]) {
      if (r.lo)
        points.push({ value: Number(r.lo[0]), step: Number(r.lo[1]), timestamp: Number(r.lo[2]) });
      if (r.hi && (r.hi[1] !== r.lo?.[1] || r.hi[2] !== r.lo?.[2] || r.hi[0] !== r.lo?.[0])) {
        points.push({ value: Number(r.hi[0]), step: Number(r.hi[1]), timestamp: Number(r.hi[2]) });
      }
      if (r.nan)
        points.push({ value: Number.NaN, step: Number(r.nan[0]), timestamp: Number(r.nan[1]) });
    }
    return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  }
}
