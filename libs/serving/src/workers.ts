import type { WorkerDefinition } from '@sextant/api';
import { LiveDeployments } from './live/live-deployments';
import { PredictionLog } from './prediction-log/prediction-log';
import { AutoRollback } from './predict/auto-rollback';
import { Rollouts } from './predict/rollout';

/** Runs `round` every `ms` until stopped (a failed round is logged; the next one still runs). */
function loop(
  name: string,
  ms: number,
  round: () => Promise<void>,
  log: (level: 'warn', message: string, fields?: Record<string, unknown>) => void,
) {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    current = round()
      .catch((err: unknown) => log('warn', `${name} round failed`, { err }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, ms);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

export interface ServingWorkerOptions {
  /** How often a replica compares what it serves with the database. */
  reconcileMs?: number;
  /** How often buffered prediction records are published. */
  logFlushMs?: number;
  /** How often the automatic-rollback policies and rollouts are checked. */
  rollbackCheckMs?: number;
}

export function servingWorkers(options: ServingWorkerOptions = {}): WorkerDefinition[] {
  return [
    {
      name: 'serving.reconciler',
      start: ({ resolve, log }) => {
        const live = resolve(LiveDeployments);
        let reported = '';
        const running = loop(
          'reconcile',
          options.reconcileMs ?? 500,
          async () => {
            await live.reconcile();
            const now = live.failures.map((e) => (e as Error).message).join('; ');
            if (now && now !== reported)
              log('warn', 'deployments that could not be loaded', { failures: now });
            reported = now;
          },
          log,
        );
        return {
          stop: async () => {
            await running.stop();
            await live.close();
          },
        };
      },
    },
    {
      name: 'serving.prediction-log',
      start: ({ resolve, log }) => {
        const predictions = resolve(PredictionLog);
        const running = loop('flush', options.logFlushMs ?? 1000, () => predictions.flush(), log);
        return {
          stop: async () => {
            await running.stop();
            await predictions.flush();
          },
        };
      },
    },
    {
      name: 'serving.auto-rollback',
      start: ({ resolve, log }) => {
        const policy = resolve(AutoRollback);
        const rollouts = resolve(Rollouts);
        return loop(
          'auto-rollback',
          options.rollbackCheckMs ?? 1000,
          async () => {
            await policy.check();
            await rollouts.check();
          },
          log,
        );
      },
    },
  ];
}
