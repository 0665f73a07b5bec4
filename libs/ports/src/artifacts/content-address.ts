import { createHash, randomUUID } from 'node:crypto';
import { constants, type promises as fsp } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@sextant/errors';
import type {
  ArtifactBody,
  ByteRange,
  PutArtifactOptions,
  StoredArtifact,
} from './artifact-store.types';

const SHA256_HEX = /^[0-9a-f]{64}$/;

// Not defined on Windows; there the realpath checks alone guard the folders.
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** Refuses anything but 64 lowercase hex characters, before any storage is touched. */
export function assertSha256(value: unknown, what = 'artifact hash'): string {
  if (!isSha256(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
    throw new AppError('BAD_REQUEST', `Invalid ${what} ${shown}: expected 64 lowercase hex`, {
      fields: [{ path: 'sha256', message: 'expected 64 lowercase hex characters' }],
    });
  }
  return value;
}

/** The segments of an artifact's key: `sha256/ab/cd/<hex>`, derived from the hash alone. */
export function keySegments(sha256: string): [string, string, string, string] {
  const hex = assertSha256(sha256);
  return ['sha256', hex.slice(0, 2), hex.slice(2, 4), hex];
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `Artifact is larger than the limit of ${maxBytes} bytes`,
    {
      details: { maxBytes },
    },
  );
}

export function checkPutOptions(options: PutArtifactOptions): void {
  const { maxBytes, expectedSha256 } = options;
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 0)) {
    throw new AppError('BAD_REQUEST', `Invalid maxBytes ${String(maxBytes)}`);
  }
  if (expectedSha256 !== undefined) assertSha256(expectedSha256, 'expected sha256');
}

export function checkRange(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const { start, end } = range;
  const ok =
    Number.isSafeInteger(start) &&
    start >= 0 &&
    (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!ok) throw new AppError('BAD_REQUEST', `Invalid byte range ${JSON.stringify(range)}`);
}

export function rangeNotSatisfiable(range: ByteRange, size: number): AppError {
  return new AppError(
    'BAD_REQUEST',
    `Byte range starting at ${range.start} is past the end of the artifact (${size} bytes)`,
  );
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  if (typeof chunk === 'string') return Buffer.from(chunk);
  throw new AppError('BAD_REQUEST', 'Artifact body must be a stream of bytes');
}

/**
 * Streams `body` into a new file at `dir/<random>.part`, hashing and counting on the way, and
 * stops at the first byte past `maxBytes`. On any failure the file is removed. Both stores spool:
 * the key is the hash, known only once the last byte has been read.
 */
export async function spool(
  body: ArtifactBody,
  dir: string,
  options: PutArtifactOptions,
): Promise<StoredArtifact & { readonly file: string }> {
  checkPutOptions(options);
  const file = path.join(dir, `${randomUUID()}.part`);
  // O_EXCL | O_NOFOLLOW: never write through something planted at the temp name.
  const handle: fsp.FileHandle = await open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW,
    0o600,
  );
  let closed = false;
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body as AsyncIterable<unknown>) {
      const buf = toBuffer(chunk);
      size += buf.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        throw tooLarge(options.maxBytes);
      }
      hash.update(buf);
      await handle.write(buf);
    }
    // Flushed before the caller renames or uploads it, so a crash never publishes a torn file.
    await handle.datasync();
    await handle.close();
    closed = true;
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
      throw new AppError(
        'BAD_REQUEST',
        `Artifact sha256 ${sha256} does not match the expected ${options.expectedSha256}`,
        { fields: [{ path: 'sha256', message: 'does not match the body' }] },
      );
    }
    return { sha256, size, file };
  } catch (err) {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(file, { force: true });
    throw err;
  }
}
