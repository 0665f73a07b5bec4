import { Inject, Injectable } from '@nestjs/common';
import { ARTIFACT_STORE } from '@sextant/api';
import type { ArtifactStore } from '@sextant/ports';
import { ModelSession } from '../inference/model-session';

/** A file that did not load is tried again after 1 s, 2 s, 4 s, … at most this long. */
export const RETRY_MAX_MS = 60_000;
const RETRY_FIRST_MS = 1_000;

interface Failure {
  readonly error: unknown;
  readonly attempts: number;
  /** Until then, acquiring the file fails at once with `error` (no read, no parse). */
  readonly until: number;
}

interface Entry {
  readonly session: Promise<ModelSession>;
  users: number;
  /** When the last user left (released after `idleMs`). */
  idleSince: number | null;
}

/**
 * onnxruntime sessions by the model file's sha256, shared by every deployment and revision that
 * serves the same file, loaded once from the artifact store. A session no revision uses any more
 * is released after a grace period (requests that started on it finish first). A file that does
 * not load (or cannot be read) is not read again before its backoff has passed — 1 s, doubling to
 * RETRY_MAX_MS — so that a replica's reconcile loop does not re-read a large broken file twice a
 * second; a deployment check (a user's create or update) always tries again.
 */
@Injectable()
export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, Failure>();
  private readonly idleMs = 30_000;

  constructor(@Inject(ARTIFACT_STORE) private readonly store: ArtifactStore) {}

  /**
   * The session of a file, loading it if needed; the caller holds it until `release`. While a
   * failed file's backoff runs, fails at once with its last error unless `retry` is set.
   */
  async acquire(
    sha256: string,
    label = `the model ${sha256.slice(0, 12)}`,
    options: { retry?: boolean } = {},
  ): Promise<ModelSession> {
    let entry = this.entries.get(sha256);
    if (!entry) {
      const failed = this.failures.get(sha256);
      if (failed && !options.retry && Date.now() < failed.until) throw failed.error;
      const created: Entry = { session: this.load(sha256, label), users: 0, idleSince: null };
      entry = created;
      this.entries.set(sha256, created);
      created.session.then(
        () => this.failures.delete(sha256),
        (error: unknown) => {
          // Only while this load is still the file's entry (not after `close`, or a newer load).
          if (this.entries.get(sha256) !== created) return;
          this.entries.delete(sha256);
          const attempts = (this.failures.get(sha256)?.attempts ?? 0) + 1;
          const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempts - 1));
          this.failures.set(sha256, { error, attempts, until: Date.now() + delay });
        },
      );
    }
    entry.users++;
    entry.idleSince = null;
    try {
      return await entry.session;
    } catch (error) {
      entry.users--;
      throw error;
    }
  }

  release(sha256: string): void {
    const entry = this.entries.get(sha256);
    if (!entry) return;
    entry.users = Math.max(0, entry.users - 1);
    if (entry.users === 0) entry.idleSince = Date.now();
    this.sweep();
  }

  /** Releases sessions idle past the grace period, and forgets old failures. */
  sweep(now = Date.now()): void {
    // A failure no one has asked about for a while is forgotten (broken files are not kept).
    for (const [sha, failed] of this.failures) {
      if (now - failed.until > RETRY_MAX_MS) this.failures.delete(sha);
    }
    for (const [sha, entry] of this.entries) {
      if (entry.users === 0 && entry.idleSince !== null && now - entry.idleSince >= this.idleMs) {
        this.entries.delete(sha);
        void entry.session.then((s) => s.release()).catch(() => undefined);
      }
    }
  }

  /** Sessions loaded or loading now (for tests and /metrics). */
  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    this.failures.clear();
    await Promise.allSettled(all.map(async (e) => (await e.session).release()));
  }

  private async load(sha256: string, label: string): Promise<ModelSession> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(sha256)) chunks.push(chunk as Buffer);
    return ModelSession.load(new Uint8Array(Buffer.concat(chunks)), { label });
  }
}
