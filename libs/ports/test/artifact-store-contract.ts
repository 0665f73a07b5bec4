import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '@sextant/errors';
import type { ArtifactStore } from '../src';

export interface ContractHarness {
  readonly store: ArtifactStore;
  /** Every object or file the store holds, temp files included: to check nothing is left behind. */
  listStored(): Promise<string[]>;
  /** Where an artifact of this hash must be stored (relative to the root or bucket). */
  expectedKey(sha256: string): string;
}

const MB = 1024 * 1024;

/** Deterministic bytes, different per seed. */
export function bytes(size: number, seed = 1): Buffer {
  const buf = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  return buf;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Streams `buf` in chunks, counting how many were pulled. */
export function chunked(buf: Buffer, chunkSize = 64 * 1024) {
  const stats = { pulled: 0 };
  async function* generate() {
    for (let at = 0; at < buf.length; at += chunkSize) {
      stats.pulled++;
      yield buf.subarray(at, at + chunkSize);
      await Promise.resolve();
    }
  }
  return { body: generate(), stats };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

export async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const HOSTILE_KEYS = [
  '',
  '../../../../etc/passwd',
  '..',
  '/etc/passwd',
  `${EMPTY_SHA256.slice(0, 62)}/..`,
  EMPTY_SHA256.toUpperCase(),
  EMPTY_SHA256.slice(0, 63),
  `${EMPTY_SHA256}0`,
  `${EMPTY_SHA256}/`,
  `sha256/e3/b0/${EMPTY_SHA256}`,
  `%2e%2e%2f${EMPTY_SHA256.slice(9)}`,
  `${EMPTY_SHA256.slice(0, 63)}\u0000`,
  ` ${EMPTY_SHA256.slice(1)}`,
  `${EMPTY_SHA256.slice(0, 63)}g`,
];

/**
 * The behaviour every artifact store must have. Run per implementation (file-store.int-spec.ts,
 * s3-store.int-spec.ts).
 */
export function artifactStoreContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`artifact store contract: ${name}`, () => {
    let h: ContractHarness;

    beforeEach(async () => {
      h = await setup();
    });

    it('round-trips a streamed body of a few MB, named by its sha256', async () => {
      const data = bytes(3 * MB + 12345);
      const { body, stats } = chunked(data);
      const stored = await h.store.put(body);
      expect(stats.pulled).toBeGreaterThan(40);
      expect(stored).toEqual({ sha256: sha256(data), size: data.length });
      expect(await h.store.stat(stored.sha256)).toEqual({ size: data.length });
      expect(await h.store.has(stored.sha256)).toBe(true);
      const back = await readAll(await h.store.get(stored.sha256));
      expect(back.length).toBe(data.length);
      expect(sha256(back)).toBe(stored.sha256);
      expect(await h.listStored()).toEqual([h.expectedKey(stored.sha256)]);
    });

    it('takes a Node Readable and an empty body', async () => {
      const data = bytes(200_000, 2);
      const stored = await h.store.put(
        Readable.from([data.subarray(0, 1000), data.subarray(1000)]),
      );
      expect(stored).toEqual({ sha256: sha256(data), size: data.length });
      expect(await h.store.put(Readable.from([]))).toEqual({ sha256: EMPTY_SHA256, size: 0 });
      expect((await readAll(await h.store.get(EMPTY_SHA256))).length).toBe(0);
    });

    it('reads a byte range', async () => {
      const data = bytes(100_000, 3);
      const { sha256: hex } = await h.store.put(chunked(data).body);
      const part = await readAll(await h.store.get(hex, { range: { start: 1000, end: 1999 } }));
      expect(part.equals(data.subarray(1000, 2000))).toBe(true);
      const tail = await readAll(await h.store.get(hex, { range: { start: 99_990 } }));
      expect(tail.equals(data.subarray(99_990))).toBe(true);
      const clamped = await readAll(
        await h.store.get(hex, { range: { start: 99_000, end: 10_000_000 } }),
      );
      expect(clamped.equals(data.subarray(99_000))).toBe(true);
      expect((await appError(h.store.get(hex, { range: { start: 100_000 } }))).code).toBe(
        'BAD_REQUEST',
      );
      expect((await appError(h.store.get(hex, { range: { start: 10, end: 5 } }))).code).toBe(
        'BAD_REQUEST',
      );
    });

    it('stores the same bytes once, however often they are put', async () => {
      const data = bytes(500_000, 4);
      const first = await h.store.put(chunked(data).body);
      const again = await h.store.put(chunked(data).body);
      const both = await Promise.all([
        h.store.put(chunked(data).body),
        h.store.put(chunked(data).body),
      ]);
      expect([again, ...both]).toEqual([first, first, first]);
      expect(await h.listStored()).toEqual([h.expectedKey(first.sha256)]);
      expect(sha256(await readAll(await h.store.get(first.sha256)))).toBe(first.sha256);
    });

    it('refuses a body past maxBytes with 413 as soon as it passes, storing nothing', async () => {
      const data = bytes(4 * MB, 5);
      const { body, stats } = chunked(data);
      const err = await appError(h.store.put(body, { maxBytes: MB }));
      expect(err.code).toBe('PAYLOAD_TOO_LARGE');
      expect(err.status).toBe(413);
      // It stopped reading at the limit instead of taking the whole body first.
      expect(stats.pulled).toBeLessThanOrEqual(MB / (64 * 1024) + 1);
      expect(await h.store.has(sha256(data))).toBe(false);
      expect(await h.listStored()).toEqual([]);

      const exact = bytes(MB, 6);
      expect(await h.store.put(chunked(exact).body, { maxBytes: MB })).toEqual({
        sha256: sha256(exact),
        size: MB,
      });
      const over = await appError(h.store.put(chunked(bytes(MB + 1, 6)).body, { maxBytes: MB }));
      expect(over.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await h.listStored()).toEqual([h.expectedKey(sha256(exact))]);
    });

    it('refuses a body whose sha256 is not the expected one, storing nothing', async () => {
      const data = bytes(100_000, 7);
      const other = sha256(bytes(10, 8));
      const err = await appError(h.store.put(chunked(data).body, { expectedSha256: other }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toContain(other);
      expect(await h.listStored()).toEqual([]);
      const ok = await h.store.put(chunked(data).body, { expectedSha256: sha256(data) });
      expect(ok.sha256).toBe(sha256(data));
    });

    it('leaves nothing behind when the body fails midway', async () => {
      async function* failing() {
        yield bytes(300_000, 9);
        throw new Error('client went away');
      }
      await expect(h.store.put(failing())).rejects.toThrow('client went away');
      expect(await h.listStored()).toEqual([]);
    });

    it('answers for an unknown hash: null, false, NOT_FOUND', async () => {
      const unknown = sha256(bytes(10, 10));
      expect(await h.store.stat(unknown)).toBeNull();
      expect(await h.store.has(unknown)).toBe(false);
      const err = await appError(h.store.get(unknown));
      expect(err.code).toBe('NOT_FOUND');
      expect(err.status).toBe(404);
      await expect(h.store.delete(unknown)).resolves.toBeUndefined();
    });

    it('refuses every key that is not 64 lowercase hex, for every operation', async () => {
      for (const key of HOSTILE_KEYS) {
        for (const call of [
          () => h.store.get(key),
          () => h.store.stat(key),
          () => h.store.has(key),
          () => h.store.delete(key),
          () => h.store.put(Readable.from([]), { expectedSha256: key }),
        ]) {
          const err = await appError(call());
          expect([key, err.code]).toEqual([key, 'BAD_REQUEST']);
        }
      }
      expect(await h.listStored()).toEqual([]);
    });

    it('deletes', async () => {
      const keep = await h.store.put(chunked(bytes(1000, 11)).body);
      const gone = await h.store.put(chunked(bytes(1000, 12)).body);
      await h.store.delete(gone.sha256);
      expect(await h.store.stat(gone.sha256)).toBeNull();
      expect((await appError(h.store.get(gone.sha256))).code).toBe('NOT_FOUND');
      expect(await h.listStored()).toEqual([h.expectedKey(keep.sha256)]);
      await h.store.delete(gone.sha256);
      // Deleted bytes can be stored again.
      expect(await h.store.put(chunked(bytes(1000, 12)).body)).toEqual(gone);
    });
  });
}
