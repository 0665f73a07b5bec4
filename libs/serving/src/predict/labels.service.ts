import { Inject, Injectable } from '@nestjs/common';
import { type Caller, EVENT_BUS } from '@sextant/api';
import type { EventBus } from '@sextant/bus';
import { labelReceived } from '@sextant/contracts';
import { AppError } from '@sextant/errors';
import { PredictService } from './predict.service';

/**
 * Ground truth for earlier predictions, by prediction id: published as
 * `serving.label-received` (monitoring joins them with the prediction log). Labels are not
 * stored here; the caller needs the same access as to predict.
 */
@Injectable()
export class LabelsService {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly predict: PredictService,
  ) {}

  async receive(
    caller: Caller | null,
    project: string,
    deployment: string,
    labels: { predictionId: string; label: number | string | boolean }[],
  ): Promise<{ accepted: number }> {
    // Ground truth needs a key even for a public deployment (anyone may predict; not label).
    if (!caller) {
      throw new AppError(
        'UNAUTHENTICATED',
        'Sending labels needs an API key (Authorization: Bearer sx_…)',
      );
    }
    const live = await this.predict.authorise(project, deployment, caller, { members: true });
    const at = new Date().toISOString();
    await this.bus.publish(labelReceived, [
      {
        project: live.project,
        projectId: live.projectId,
        deploymentId: live.id,
        deployment: live.name,
        labels: labels.map((l) => ({ ...l, at })),
      },
    ]);
    return { accepted: labels.length };
  }
}
