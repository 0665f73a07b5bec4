import type { Clock } from '../clock/clock';

interface Sleeper {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
}

// Lets the promise chains woken by one sleeper run (and maybe sleep again) before the next wakes.
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock that moves only when a test moves it. `advance(ms)` wakes every sleeper whose time has
 * come, earliest first (ties in the order they slept), with `now()` at each one's due time; a
 * sleeper that sleeps again within the window is woken too. `advance` yields to the event loop
 * with setImmediate between wake-ups, so do not combine it with jest's fake timers.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(start: Date | number | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      const sleeper: Sleeper = {
        due: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      this.sleepers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      this.notifyWaiters();
    });
  }

  /** How many sleeps are pending. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Resolves once at least `count` sleeps are pending: the code under test has started waiting. */
  whenSleeping(count = 1): Promise<void> {
    if (this.sleepers.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Moves time forward by `ms`, waking the sleepers due on the way, in order. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advance: ms must be >= 0, got ${ms}`);
    await this.runUntil(this.current + ms);
  }

  /** Sets the time. Moving forward wakes the sleepers due on the way; moving back wakes none. */
  async set(time: Date | number | string): Promise<void> {
    const target = new Date(time).getTime();
    if (Number.isNaN(target)) throw new RangeError(`FakeClock.set: invalid time ${String(time)}`);
    if (target <= this.current) {
      this.current = target;
      return;
    }
    await this.runUntil(target);
  }

  private async runUntil(target: number): Promise<void> {
    await settle();
    for (;;) {
      const next = this.sleepers[0];
      if (next === undefined || next.due > target) break;
      this.sleepers.shift();
      this.current = next.due;
      next.resolve();
      await settle();
    }
    this.current = target;
  }

  private notifyWaiters(): void {
    const ready = this.waiters.filter((w) => this.sleepers.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.sleepers.length < w.count);
    for (const w of ready) w.resolve();
  }
}
