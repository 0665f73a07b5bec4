import { Injectable } from '@nestjs/common';
import type { Caller } from '../context';

/** How long a verified key is believed without asking the database again. */
export const KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly caller: Caller;
  readonly keyId: string;
  readonly until: number;
}

/**
 * Verified API keys, by the sha256 of the whole key, for a few seconds: a key's lookup is two
 * queries, the largest cost of a keyed inference request. Revoking a key or disabling its user
 * forgets it here at once; another process (distributed mode) believes it for at most
 * KEY_CACHE_TTL_MS more. Failed lookups are never cached.
 */
@Injectable()
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  /** Keys and users forgotten lately: a lookup that started before must not cache them again. */
  private readonly forgotten = new Map<string, number>();

  get(digest: string, now: number): Caller | null {
    const e = this.entries.get(digest);
    if (!e) return null;
    if (e.until <= now) {
      this.entries.delete(digest);
      return null;
    }
    return e.caller;
  }

  set(digest: string, keyId: string, caller: Caller, now: number): void {
    for (const [id, until] of this.forgotten) if (until <= now) this.forgotten.delete(id);
    if (this.forgotten.has(`key:${keyId}`) || this.forgotten.has(`user:${caller.userId}`)) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(digest, { caller, keyId, until: now + KEY_CACHE_TTL_MS });
  }

  forgetKey(keyId: string): void {
    this.forgotten.set(`key:${keyId}`, Date.now() + KEY_CACHE_TTL_MS);
    for (const [d, e] of this.entries) if (e.keyId === keyId) this.entries.delete(d);
  }

  forgetUser(userId: string): void {
    this.forgotten.set(`user:${userId}`, Date.now() + KEY_CACHE_TTL_MS);
    for (const [d, e] of this.entries) if (e.caller.userId === userId) this.entries.delete(d);
  }
}
