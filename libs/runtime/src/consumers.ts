import type { ConsumerDefinition, Resolve, ServiceDefinition } from '@sextant/api';
import type { EventBus } from '@sextant/bus';
import type { Logger } from '@sextant/observability';

export interface RunningConsumers {
  readonly groups: readonly string[];
  stop(): Promise<void>;
}

/**
 * Subscribes every consumer the hosted services declare. Each handler runs inside the
 * transaction that records its event as processed (exactly-once effect); `prepare` runs before,
 * outside any transaction.
 */
export async function startConsumers(
  bus: EventBus,
  services: readonly ServiceDefinition[],
  resolve: Resolve,
  logger: Logger,
): Promise<RunningConsumers> {
  const definitions: ConsumerDefinition[] = services.flatMap((s) => [...(s.consumers ?? [])]);
  const groups = definitions.map((d) => d.group);
  const duplicate = groups.find((g, i) => groups.indexOf(g) !== i);
  if (duplicate) throw new Error(`two consumers declare the group ${duplicate}`);
  const subscriptions: { stop(): Promise<void> }[] = [];
  for (const def of definitions) {
    subscriptions.push(
      await bus.consume({
        group: def.group,
        events: def.events,
        ...(def.maxAttempts ? { maxAttempts: def.maxAttempts } : {}),
        ...(def.transactionTimeoutMs ? { transactionTimeoutMs: def.transactionTimeoutMs } : {}),
        ...(def.prepare
          ? { prepare: (envelope) => def.prepare!(envelope as never, { resolve }) }
          : {}),
        handler: (envelope, tx, prepared) =>
          def.handle(envelope as never, tx, { resolve, prepared }),
        onDeadLetter: (reason, message) =>
          logger.warn(
            { group: def.group, topic: message.topic, offset: message.offset, reason },
            'event dead-lettered',
          ),
      }),
    );
  }
  if (groups.length) logger.info({ groups }, 'consumers started');
  return {
    groups,
    async stop() {
      await Promise.all(subscriptions.map((s) => s.stop()));
    },
  };
}
