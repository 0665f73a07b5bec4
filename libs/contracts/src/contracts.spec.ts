import * as contracts from './index';

describe('the cross-domain event contracts', () => {
  const events = (Object.values(contracts) as unknown[]).filter(
    (v): v is { name: string; topic: string } =>
      typeof v === 'object' && v !== null && 'topic' in v,
  );

  it('name each topic once, as sextant.<domain>.<event>', () => {
    expect(events.length).toBeGreaterThanOrEqual(8);
    const topics = events.map((e) => e.topic);
    expect(new Set(topics).size).toBe(topics.length);
    for (const e of events) {
      expect(e.topic).toBe(`sextant.${e.name}`);
      expect(e.name).toMatch(/^(tracking|serving|pipelines|monitoring)\.[a-z-]+$/);
    }
  });
});
