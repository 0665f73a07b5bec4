import { Inject, Injectable } from '@nestjs/common';
import { ARTIFACT_STORE } from '@sextant/api';
import type { ArtifactStore } from '@sextant/ports';
import { ModelSession } from '../inference/model-session';

interface Entry {
  readonly session: Promise<ModelSession>;
  users: number;
  /** When the last user left (released after `idleMs`). */
  idleSince: number | null;
}

/**
 * onnxruntime sessions by the model file's sha256, shared by every deployment and revision that
 * serves the same file, loaded once from the artifact store. A session no revision uses any more
 * is released after a grace period (requests that started on it finish first).
 */
@Injectable()
export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  private readonly idleMs = 30_000;

  constructor(@Inject(ARTIFACT_STORE) private readonly store: ArtifactStore) {}

  /** The session of a file, loading it if needed; the caller holds it until `release`. */
  async acquire(sha256: string, label = `the model ${sha256.slice(0, 12)}`): Promise<ModelSession> {
    let entry = this.entries.get(sha256);
    if (!entry) {
      entry = { session: this.load(sha256, label), users: 0, idleSince: null };
      this.entries.set(sha256, entry);
      entry.session.catch(() => this.entries.delete(sha256));
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

  /** Releases sessions idle past the grace period. */
  sweep(now = Date.now()): void {
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
    await Promise.allSettled(all.map(async (e) => (await e.session).release()));
  }

  private async load(sha256: string, label: string): Promise<ModelSession> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(sha256)) chunks.push(chunk as Buffer);
    return ModelSession.load(new Uint8Array(Buffer.concat(chunks)), { label });
  }
}
