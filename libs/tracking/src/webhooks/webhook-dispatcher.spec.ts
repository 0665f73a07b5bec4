import { backoffDelayMs } from './webhook-dispatcher';

describe('webhook retry backoff', () => {
  it('doubles from the base up to the cap, with half of each delay random', () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 1000, 300_000, high))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 1000, 300_000, low))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(backoffDelayMs(20, 1000, 300_000, high)).toBe(300_000);
    expect(backoffDelayMs(20, 1000, 300_000, low)).toBe(150_000);
  });
});
