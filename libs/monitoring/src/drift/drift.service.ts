import { Injectable } from '@nestjs/common';
import { computeDrift } from './compute-drift';
import { driftReportToJson, driftTableFromJson } from './drift-json';
import { DriftTestRegistry } from './drift-test-registry';
import type { DriftReportJson, DriftRequestJson } from './drift.types';
import { Problems } from './problems';

/** One-off drift reports over data sent in the request (nothing is stored). */
@Injectable()
export class DriftService {
  constructor(private readonly registry: DriftTestRegistry) {}

  compute(request: DriftRequestJson): DriftReportJson {
    const { reference, current, ...options } = request;
    const problems = new Problems();
    const tables = {
      reference: driftTableFromJson(reference, 'reference', problems),
      current: driftTableFromJson(current, 'current', problems),
    };
    problems.throwIfAny();
    return driftReportToJson(computeDrift({ ...options, ...tables }, this.registry));
  }
}
