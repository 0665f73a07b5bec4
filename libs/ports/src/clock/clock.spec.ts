import { systemClock } from './clock';

describe('systemClock', () => {
  it('tells the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  // Aborting is how a stopping service ends its waits: a long sleep must not hold it up.
  it('ends a sleep as soon as its signal aborts', async () => {
    const controller = new AbortController();
    const slept = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(slept).rejects.toThrow('shutting down');
    await expect(systemClock.sleep(60_000, AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('resolves a sleep of zero', async () => {
    await expect(systemClock.sleep(0)).resolves.toBeUndefined();
  });
});
