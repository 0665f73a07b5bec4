import { createHash } from 'node:crypto';
import { AppError } from '@sextant/errors';

/**
 * `runs.search` pages by offset behind an opaque cursor that also carries a digest of the query,
 * so a cursor is refused (400 on `cursor`) when reused with another filter, order or view.
 */
export function queryDigest(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

export function encodeCursor(offset: number, digest: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: digest })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, digest: string): number {
  if (cursor === undefined) return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const c = parsed as { o?: unknown; q?: unknown } | null;
  if (
    !c ||
    typeof c.o !== 'number' ||
    !Number.isSafeInteger(c.o) ||
    c.o < 0 ||
    c.o > 10_000_000 ||
    c.q !== digest
  ) {
    throw new AppError('BAD_REQUEST', 'Invalid cursor: not from a previous page of this search', {
      fields: [{ path: 'cursor', message: 'not from a previous page of this search' }],
    });
  }
  return c.o;
}
