import { FakeClock } from './fake-clock';

describe('FakeClock', () => {
  it('tells the time it was given and moves only when told', async () => {
    const clock = new FakeClock('2026-03-01T12:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:00.000Z');
    await clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:01.500Z');
    await clock.set('2026-03-02T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-03-02T00:00:00.000Z');
    await clock.set(0);
    expect(clock.now().getTime()).toBe(0);
  });

  it('wakes sleepers when their time has come, in order, each at its due time', async () => {
    const clock = new FakeClock(0);
    const woke: [string, number][] = [];
    const sleep = (name: string, ms: number) =>
      clock.sleep(ms).then(() => woke.push([name, clock.now().getTime()]));
    void sleep('c', 300);
    void sleep('a', 100);
    void sleep('b', 100);
    void sleep('d', 1000);

    await clock.advance(99);
    expect(woke).toEqual([]);
    await clock.advance(201);
    expect(woke).toEqual([
      ['a', 100],
      ['b', 100],
      ['c', 300],
    ]);
    expect(clock.now().getTime()).toBe(300);
    expect(clock.pending).toBe(1);
    await clock.set(5000);
    expect(woke.map(([n]) => n)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('wakes a loop that sleeps again within the same advance', async () => {
    const clock = new FakeClock(0);
    const ticks: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(100);
        ticks.push(clock.now().getTime());
      }
    };
    const done = loop();
    await clock.advance(350);
    expect(ticks).toEqual([100, 200, 300]);
    await clock.advance(1000);
    await done;
    expect(ticks).toEqual([100, 200, 300, 400, 500]);
  });

  it('rejects a sleep with the abort reason and forgets it', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const slept = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stopping'));
    await expect(slept).rejects.toThrow('stopping');
    expect(clock.pending).toBe(0);

    await expect(clock.sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow(
      'already',
    );
  });

  it('tells a test when the code under test has started to sleep', async () => {
    const clock = new FakeClock(0);
    const waiting = clock.whenSleeping(2);
    let seen = false;
    void waiting.then(() => (seen = true));
    void clock.sleep(10);
    await Promise.resolve();
    expect(seen).toBe(false);
    void clock.sleep(20);
    await waiting;
    expect(clock.pending).toBe(2);
  });

  it('refuses to go back with advance', async () => {
    await expect(new FakeClock().advance(-1)).rejects.toThrow(RangeError);
  });
});
