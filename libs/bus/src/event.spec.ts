import { z } from 'zod';
import { AppError } from '@sextant/errors';
import { createEnvelope, decodeEnvelope, defineEvent, envelopeSchema } from './event';
import { partitionFor } from './memory-transport';

const aliasMoved = defineEvent({
  name: 'tracking.alias-moved',
  version: 1,
  schema: z.object({ model: z.string(), alias: z.string(), version: z.number().int() }),
  key: (p) => p.model,
});

describe('event contracts', () => {
  it('name their topic sextant.<domain>.<event>', () => {
    expect(aliasMoved.topic).toBe('sextant.tracking.alias-moved');
  });

  it('refuse badly named or versioned events', () => {
    const schema = z.object({});
    expect(() => defineEvent({ name: 'AliasMoved', version: 1, schema, key: () => 'k' })).toThrow(
      AppError,
    );
    expect(() =>
      defineEvent({ name: 'tracking.moved', version: 0, schema, key: () => 'k' }),
    ).toThrow(/version/);
  });

  it('wrap a valid payload in an envelope keyed by the contract', () => {
    const env = createEnvelope(
      aliasMoved,
      { model: 'churn', alias: 'champion', version: 3 },
      { occurredAt: new Date('2026-01-02T03:04:05Z') },
    );
    expect(envelopeSchema.safeParse(env).success).toBe(true);
    expect(env).toMatchObject({
      type: 'tracking.alias-moved',
      version: 1,
      key: 'churn',
      occurredAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('refuse to publish an invalid payload, naming the field', () => {
    expect(() =>
      createEnvelope(aliasMoved, { model: 'churn', alias: 'champion', version: 1.5 }),
    ).toThrow(/version:/);
  });

  it('wrap an unchecked payload as it is, which the consumer then refuses', () => {
    const bad = { model: 'churn', alias: 'champion', version: 1.5 };
    const env = createEnvelope(aliasMoved, bad, { unchecked: true });
    expect(env.payload).toEqual(bad);
    expect(() => decodeEnvelope(JSON.stringify(env), [aliasMoved])).toThrow(/version/);
  });

  it('decode what they encoded, and reject anything else with a reason', () => {
    const env = createEnvelope(aliasMoved, { model: 'm', alias: 'a', version: 1 });
    expect(decodeEnvelope(JSON.stringify(env), [aliasMoved]).envelope).toEqual(env);
    expect(() => decodeEnvelope('{', [aliasMoved])).toThrow('message is not JSON');
    expect(() => decodeEnvelope(JSON.stringify({ ...env, version: 2 }), [aliasMoved])).toThrow(
      'no contract for tracking.alias-moved v2',
    );
    expect(() => decodeEnvelope(JSON.stringify({ hello: 1 }), [aliasMoved])).toThrow(
      /not an event envelope/,
    );
  });
});

describe('partitionFor', () => {
  it('is stable per key and spreads keys over partitions', () => {
    expect(partitionFor('run-1', 4)).toBe(partitionFor('run-1', 4));
    const used = new Set(Array.from({ length: 100 }, (_, i) => partitionFor(`run-${i}`, 4)));
    expect([...used].sort()).toEqual([0, 1, 2, 3]);
  });
});
