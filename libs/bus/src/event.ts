import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@sextant/errors';

/** The envelope every event travels in, on every transport. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  key: z.string().min(1),
  payload: z.unknown(),
});
export type Envelope<P = unknown> = Omit<z.output<typeof envelopeSchema>, 'payload'> & {
  payload: P;
};

export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  /** `<domain>.<event>`, e.g. `tracking.alias-moved`. */
  readonly name: string;
  readonly version: number;
  /** `sextant.<domain>.<event>`: the topic it is published on. */
  readonly topic: string;
  readonly schema: S;
  /** Picks the partition key (a run id, a deployment id) from the payload. */
  readonly key: (payload: z.output<S>) => string;
}

export type PayloadOf<E extends EventDefinition> = z.output<E['schema']>;

const NAME = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/**
 * Declares a versioned event contract. Within one version only optional fields may be added;
 * a breaking change is a new version.
 */
export function defineEvent<S extends z.ZodType>(spec: {
  name: string;
  version: number;
  schema: S;
  key: (payload: z.output<S>) => string;
}): EventDefinition<S> {
  if (!NAME.test(spec.name)) {
    throw new AppError(
      'EVENT_INVALID',
      `event name "${spec.name}" must look like domain.event-name`,
    );
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) {
    throw new AppError('EVENT_INVALID', `event ${spec.name}: version must be a positive integer`);
  }
  return { ...spec, topic: `sextant.${spec.name}` };
}

/** Validates a payload against its contract and wraps it in an envelope. */
export function createEnvelope<E extends EventDefinition>(
  def: E,
  payload: PayloadOf<E>,
  meta: { id?: string; occurredAt?: Date; unchecked?: boolean } = {},
): Envelope<PayloadOf<E>> {
  let value = payload;
  if (!meta.unchecked) {
    const parsed = def.schema.safeParse(payload);
    if (!parsed.success) {
      const where = parsed.error.issues.map(
        (i) => `${i.path.join('.') || '(payload)'}: ${i.message}`,
      );
      throw new AppError('EVENT_INVALID', `${def.name} v${def.version}: ${where.join('; ')}`);
    }
    value = parsed.data as PayloadOf<E>;
  }
  return {
    id: meta.id ?? randomUUID(),
    type: def.name,
    version: def.version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    key: def.key(value),
    payload: value,
  };
}

/** Parses a raw message value into an envelope of one of `defs`; throws on anything else. */
export function decodeEnvelope(
  raw: string,
  defs: readonly EventDefinition[],
): { envelope: Envelope; def: EventDefinition } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError('EVENT_INVALID', 'message is not JSON');
  }
  const env = envelopeSchema.safeParse(json);
  if (!env.success) {
    throw new AppError(
      'EVENT_INVALID',
      `not an event envelope: ${env.error.issues[0]?.message ?? ''}`,
    );
  }
  const def = defs.find((d) => d.name === env.data.type && d.version === env.data.version);
  if (!def) {
    throw new AppError('EVENT_INVALID', `no contract for ${env.data.type} v${env.data.version}`);
  }
  const payload = def.schema.safeParse(env.data.payload);
  if (!payload.success) {
    const where = payload.error.issues.map(
      (i) => `${i.path.join('.') || '(payload)'}: ${i.message}`,
    );
    throw new AppError('EVENT_INVALID', `${def.name} v${def.version}: ${where.join('; ')}`);
  }
  return { envelope: { ...env.data, payload: payload.data }, def };
}

export const dlqTopic = (topic: string) => `${topic}.dlq`;
