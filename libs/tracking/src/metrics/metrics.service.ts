import { Injectable } from '@nestjs/common';
import { AppError } from '@sextant/errors';
import type { ProjectScope } from '@sextant/api';
import { RunsService } from '../runs/runs.service';
import { encodeMetricValue } from './metric-value';
import { MetricsRepository, type StoredPoint } from './metrics.repository';
import {
  MAX_HISTORY_POINTS,
  type MetricHistoryInput,
  type MetricHistoryOutput,
} from './metrics.types';

/** Reading metric histories, whole or downsampled for charts. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly runs: RunsService,
  ) {}

  async history(scope: ProjectScope, input: MetricHistoryInput): Promise<MetricHistoryOutput> {
    await this.runs.require(scope, input.runId);
    const total = await this.metrics.countPoints(input.runId, input.key);
    if (input.maxPoints === undefined && total > MAX_HISTORY_POINTS) {
      throw new AppError(
        'BAD_REQUEST',
        `Metric "${input.key}" has ${total} points, more than ${MAX_HISTORY_POINTS} in one answer: give maxPoints`,
        { fields: [{ path: 'maxPoints', message: `required past ${MAX_HISTORY_POINTS} points` }] },
      );
    }
    const downsampled = input.maxPoints !== undefined && total > input.maxPoints;
    const points: StoredPoint[] = downsampled
      ? await this.metrics.downsample(
          input.runId,
          input.key,
          Math.max(1, Math.floor(input.maxPoints! / 2)),
        )
      : await this.metrics.history(input.runId, input.key, input.maxPoints ?? MAX_HISTORY_POINTS);
    return {
      runId: input.runId,
      key: input.key,
      total,
      downsampled,
      points: points.map((p) => ({
        step: p.step,
        timestamp: p.timestamp,
        value: encodeMetricValue(p.value),
      })),
    };
  }
}
