import { z } from 'zod';
import { EnvError, defineEnv, port, serviceEnv } from './index';

describe('defineEnv', () => {
  it('parses and freezes a valid environment, with defaults', () => {
    const env = defineEnv(serviceEnv.extend({ PORT: port(4000) }), {
      KAFKA_BROKERS: '127.0.0.1:9092,localhost:9093',
      DATABASE_URL: 'postgresql://u@127.0.0.1:5432/db',
    });
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', 'localhost:9093']);
    expect(env.PORT).toBe(4000);
    expect(env.SEXTANT_HOME).toBe('.sextant');
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('treats empty strings as unset', () => {
    const env = defineEnv(serviceEnv, { DATABASE_URL: '', KAFKA_BROKERS: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.KAFKA_BROKERS).toBeUndefined();
  });

  it('names every bad variable', () => {
    const schema = serviceEnv.extend({ PORT: port(4000), NAME: z.string() });
    expect(() => defineEnv(schema, { PORT: 'eighty', KAFKA_BROKERS: 'nohost' })).toThrow(EnvError);
    try {
      defineEnv(schema, { PORT: 'eighty', KAFKA_BROKERS: 'nohost' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('KAFKA_BROKERS');
      expect(msg).toContain('NAME');
    }
  });
});
