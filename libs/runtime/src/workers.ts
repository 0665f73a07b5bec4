import type { Resolve, ServiceDefinition } from '@sextant/api';
import type { Logger } from '@sextant/observability';

export interface RunningWorkers {
  readonly names: readonly string[];
  stop(): Promise<void>;
}

type WorkerDefinition = NonNullable<ServiceDefinition['workers']>[number];
type RunningWorker = Awaited<ReturnType<WorkerDefinition['start']>>;

/**
 * Starts every background worker the hosted services declare (in declaration order), each with
 * the DI lookup and a logger tagged with its name. When one fails to start, those already started
 * are stopped and the error is thrown. `stop` stops them all in parallel and waits for each.
 */
export async function startWorkers(
  services: readonly ServiceDefinition[],
  resolve: Resolve,
  logger: Logger,
): Promise<RunningWorkers> {
  const definitions: WorkerDefinition[] = services.flatMap((s) => [...(s.workers ?? [])]);
  const names = definitions.map((d) => d.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`two workers are named ${duplicate}`);
  const started: { name: string; worker: RunningWorker }[] = [];
  const stopAll = async () => {
    const results = await Promise.allSettled(started.map((s) => s.worker.stop()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        logger.warn({ worker: started[i]!.name, err: r.reason }, 'worker failed to stop');
      }
    });
  };
  for (const def of definitions) {
    const log = logger.child({ worker: def.name });
    try {
      const worker = await def.start({
        resolve,
        log: (level, message, fields) => log[level](fields ?? {}, message),
      });
      started.push({ name: def.name, worker });
    } catch (error) {
      await stopAll();
      throw error;
    }
  }
  if (names.length) logger.info({ workers: names }, 'workers started');
  return { names, stop: stopAll };
}
