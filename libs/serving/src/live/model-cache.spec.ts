import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { type ArtifactStore, FileArtifactStore } from '@sextant/ports';

import { creditModel, rejection } from '../../test/fixtures/models';
import { ModelCache } from './model-cache';

/** A real file store that counts how often a file is read. */
function countingStore(store: ArtifactStore): { store: ArtifactStore; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    store: {
      url: store.url,
      put: (body, options) => store.put(body, options),
      get: (sha256, options) => {
        reads++;
        return store.get(sha256, options);
      },
      stat: (sha256) => store.stat(sha256),
      has: (sha256) => store.has(sha256),
      delete: (sha256) => store.delete(sha256),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ModelCache', () => {
  let dir: string;
  let files: FileArtifactStore;
  let cache: ModelCache;
  let reads: () => number;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sx-model-cache-'));
    files = new FileArtifactStore(dir);
    const counting = countingStore(files);
    reads = counting.reads;
    cache = new ModelCache(counting.store);
  });
  afterEach(async () => {
    await cache.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a file once for every user of it', async () => {
    const { sha256 } = await files.put(Readable.from([Buffer.from(creditModel())]));
    const [a, b] = await Promise.all([cache.acquire(sha256), cache.acquire(sha256)]);
    expect(a).toBe(b);
    expect(a.signature.inputs.map((i) => i.name)).toEqual(['input']);
    expect(reads()).toBe(1);
  });

  it('does not read a file that did not load again before its backoff, unless asked to', async () => {
    const { sha256 } = await files.put(Readable.from([Buffer.from('not an ONNX model')]));
    const first = await rejection(cache.acquire(sha256, 'model m v1'));
    expect(first.message).toMatch(/^model m v1 does not load: /);
    expect(reads()).toBe(1);

    // Within the first backoff (1 s): the same error at once, nothing read.
    const again = await rejection(cache.acquire(sha256, 'model m v1'));
    expect(again.message).toBe(first.message);
    expect(reads()).toBe(1);

    // Past it: read again; the next backoff is longer (2 s).
    await sleep(1_100);
    await rejection(cache.acquire(sha256, 'model m v1'));
    expect(reads()).toBe(2);
    await sleep(1_100);
    await rejection(cache.acquire(sha256, 'model m v1'));
    expect(reads()).toBe(2);

    // A user's deployment check always reads it again.
    await rejection(cache.acquire(sha256, 'model m v1', { retry: true }));
    expect(reads()).toBe(3);
  });

  it('forgets, when it sweeps, a failure no one has asked about for a while', async () => {
    const { sha256 } = await files.put(Readable.from([Buffer.from('not an ONNX model')]));
    await rejection(cache.acquire(sha256));
    cache.sweep(Date.now() + 30_000); // within the backoff's reach: kept
    await rejection(cache.acquire(sha256));
    expect(reads()).toBe(1);
    cache.sweep(Date.now() + 3 * 60_000);
    await rejection(cache.acquire(sha256));
    expect(reads()).toBe(2);
  });

  it('forgets a failure once the file loads', async () => {
    const bytes = Buffer.from(creditModel());
    const { sha256 } = await files.put(Readable.from([bytes]));
    // The store cannot find it for a moment (as an S3 outage would look).
    await files.delete(sha256);
    await rejection(cache.acquire(sha256));
    expect(reads()).toBe(1);
    await files.put(Readable.from([bytes]));
    const session = await cache.acquire(sha256, undefined, { retry: true });
    expect(session.released).toBe(false);
    cache.release(sha256);
    // Loaded: later acquires share it, and no backoff is left behind.
    await cache.acquire(sha256);
    expect(reads()).toBe(2);
  });
});
