import { describe, expect, it } from '@jest/globals';
import {
  type AliasMove,
  TICK_STEPS,
  aliasBands,
  spanLabel,
  timeTicks,
  timelineDomain,
} from './alias-timeline';

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const MIN = 60_000;
const move = (
  alias: string,
  fromVersion: number | null,
  toVersion: number | null,
  minutes: number,
  reason: string | null = null,
): AliasMove => ({
  alias,
  fromVersion,
  toVersion,
  actorId: null,
  reason,
  at: new Date(T0 + minutes * MIN).toISOString(),
});

describe('aliasBands', () => {
  it('gives each version a segment from its move until the next move, the last until now', () => {
    // The API lists moves newest first.
    const history = [
      move('champion', 2, 3, 30, 'gate passed'),
      move('challenger', null, 3, 20),
      move('champion', 1, 2, 10, 'better cv_accuracy'),
      move('champion', null, 1, 0, 'first'),
    ];
    const now = T0 + 45 * MIN;
    const [champion, challenger] = aliasBands(history, now);
    expect(champion!.alias).toBe('champion');
    expect(champion!.current).toBe(3);
    expect(
      champion!.segments.map((s) => [
        s.version,
        (s.start - T0) / MIN,
        (s.end - T0) / MIN,
        s.current,
      ]),
    ).toEqual([
      [1, 0, 10, false],
      [2, 10, 30, false],
      [3, 30, 45, true],
    ]);
    // Each segment knows the move that set it (who, why) and the one that ended it.
    expect(champion!.segments[1]!.setBy.reason).toBe('better cv_accuracy');
    expect(champion!.segments[1]!.endedBy?.reason).toBe('gate passed');
    expect(champion!.segments[2]!.endedBy).toBeNull();
    expect(challenger!.segments.map((s) => [s.version, (s.start - T0) / MIN])).toEqual([[3, 20]]);
  });

  it('leaves a gap while an alias was deleted, and reports a deleted alias as pointing nowhere', () => {
    const [band] = aliasBands(
      [
        move('canary', 1, null, 5),
        move('canary', null, 1, 0),
        move('shadow', 2, null, 40),
        move('shadow', null, 2, 30),
        move('canary', null, 2, 8),
      ],
      T0 + 10 * MIN,
    );
    expect(band!.alias).toBe('canary');
    expect(band!.current).toBe(2);
    expect(
      band!.segments.map((s) => [s.version, (s.start - T0) / MIN, (s.end - T0) / MIN]),
    ).toEqual([
      [1, 0, 5],
      [2, 8, 10],
    ]);
    expect(band!.segments[0]!.endedBy?.toVersion).toBeNull();
    const shadow = aliasBands([move('shadow', 2, null, 40), move('shadow', null, 2, 30)], T0)[0]!;
    expect(shadow.current).toBeNull();
    expect(shadow.segments).toHaveLength(1);
  });

  it('does not split a segment on a move to the version the alias already had', () => {
    const [band] = aliasBands(
      [move('champion', 1, 1, 5, 'again'), move('champion', null, 1, 0)],
      T0 + 9 * MIN,
    );
    expect(
      band!.segments.map((s) => [s.version, (s.start - T0) / MIN, (s.end - T0) / MIN]),
    ).toEqual([[1, 0, 9]]);
  });

  it('orders moves at the same instant as the API did (newest first), and sorts any input', () => {
    const sameTime = [move('champion', 1, 2, 0, 'second'), move('champion', null, 1, 0, 'first')];
    const [band] = aliasBands(sameTime, T0 + MIN);
    expect(band!.current).toBe(2);
    expect(band!.segments.map((s) => [s.version, s.end - s.start])).toEqual([
      [1, 0],
      [2, MIN],
    ]);
    // Oldest-first input gives the same bands as newest-first.
    const newestFirst = [move('champion', 1, 2, 10), move('champion', null, 1, 0)];
    expect(aliasBands([...newestFirst].reverse(), T0 + 20 * MIN)).toEqual(
      aliasBands(newestFirst, T0 + 20 * MIN),
    );
  });

  it('puts champion first, challenger second, the others by name', () => {
    const bands = aliasBands(
      [
        move('shadow', null, 1, 0),
        move('challenger', null, 1, 1),
        move('beta', null, 1, 2),
        move('champion', null, 1, 3),
      ],
      T0 + 5 * MIN,
    );
    expect(bands.map((b) => b.alias)).toEqual(['champion', 'challenger', 'beta', 'shadow']);
  });

  it('has no bands without moves', () => {
    expect(aliasBands([], T0)).toEqual([]);
  });
});

describe('timelineDomain', () => {
  it('runs from the first move (padded 2%) to now', () => {
    const bands = aliasBands([move('champion', null, 1, 0)], T0 + 100 * MIN);
    const d = timelineDomain(bands, T0 + 100 * MIN);
    expect(d.end).toBe(T0 + 100 * MIN);
    expect(d.start).toBe(T0 - 2 * MIN);
  });

  it('spans at least 10 s by default, so that a fresh history has an axis', () => {
    const bands = aliasBands([move('champion', null, 1, 0)], T0 + 1000);
    const d = timelineDomain(bands, T0 + 1000);
    expect(d.end).toBe(T0 + 1000);
    expect(d.end - d.start).toBeCloseTo(10_000 * 1.02, 6);
    expect(timelineDomain(bands, T0 + 1000, MIN).start).toBeCloseTo(T0 + 1000 - MIN * 1.02, 6);
  });
});

describe('timeTicks', () => {
  it('picks the finest round step that fits, on round times', () => {
    // 2 hours, at most 6 ticks → 30-minute steps on the half hour.
    const { step, ticks } = timeTicks(T0 + 7 * MIN, T0 + 127 * MIN, 6);
    expect(step).toBe(30 * MIN);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '10:30',
      '11:00',
      '11:30',
      '12:00',
    ]);
  });

  it('puts day ticks on local midnight', () => {
    // UTC+2 (getTimezoneOffset() = -120): local midnight is 22:00 UTC.
    const start = Date.parse('2026-11-01T00:00:00Z');
    const { step, ticks } = timeTicks(start, start + 4.5 * 24 * 60 * MIN, 6, -120);
    expect(step).toBe(24 * 60 * MIN);
    expect(new Date(ticks[0]!).toISOString()).toBe('2026-11-01T22:00:00.000Z');
    expect(ticks).toHaveLength(4);
  });

  it('never gives more ticks than asked, even for spans longer than every step', () => {
    const year = 365 * 24 * 60 * MIN;
    for (const span of [1000, 59_000, 3 * MIN, 5 * year]) {
      const { ticks, step } = timeTicks(T0, T0 + span, 6);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.length).toBeGreaterThan(0);
      if (span <= year * 6) expect(TICK_STEPS).toContain(step);
    }
  });
});

describe('spanLabel', () => {
  it('says how long in one or two units', () => {
    expect(spanLabel(4_400)).toBe('4 s');
    expect(spanLabel(12 * MIN + 5_000)).toBe('12 min');
    expect(spanLabel(3 * 60 * MIN + 5 * MIN)).toBe('3 h 5 min');
    expect(spanLabel(2 * 60 * MIN)).toBe('2 h');
    expect(spanLabel(6 * 24 * 60 * MIN + 2 * 60 * MIN)).toBe('6 d 2 h');
  });
});
