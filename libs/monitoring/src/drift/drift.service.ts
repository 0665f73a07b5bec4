import { Injectable, Optional } from '@nestjs/common';
import { PluginHost } from '../plugins/plugin-host';
import { computeDrift } from './compute-drift';
import { driftReportToJson, driftTableFromJson } from './drift-json';
import { DriftTestRegistry } from './drift-test-registry';
import type { DriftReportJson, DriftRequestJson } from './drift.types';
import { Problems } from './problems';

/** One-off drift reports over data sent in the request (nothing is stored). */
@Injectable()
export class DriftService {
  constructor(
    private readonly registry: DriftTestRegistry,
    @Optional() private readonly plugins?: PluginHost,
  ) {}

  async compute(request: DriftRequestJson): Promise<DriftReportJson> {
    const { reference, current, ...options } = request;
    const problems = new Problems();
    const tables = {
      reference: driftTableFromJson(reference, 'reference', problems),
      current: driftTableFromJson(current, 'current', problems),
    };
    problems.throwIfAny();
    const input = { ...options, ...tables };
    // Third-party plugins' tests run in the worker pool (a faulty one fails only its result).
    const report = this.plugins
      ? await this.plugins.computeDrift(input)
      : computeDrift(input, this.registry);
    return driftReportToJson(report);
  }
}
