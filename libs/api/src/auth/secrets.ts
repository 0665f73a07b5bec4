import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

/**
 * API keys look like `sx_<prefix>_<secret>`. Only the sha256 of the whole key is stored (a key has
 * 192 random bits, so a fast hash is enough, as for GitHub tokens); the prefix finds the row.
 */
export const API_KEY = /^sx_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Kept for callers of the foundation's name. */
export const hashApiKey = sha256Hex;

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const key = `sx_${prefix}_${secret}`;
  return { key, prefix, hash: sha256Hex(key) };
}

/** Compares two hex digests in constant time. */
export function sameDigest(expectedHex: string, actualHex: string): boolean {
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(actualHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A console session token: 256 random bits in the cookie, its sha256 in the database. */
export function generateSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}

/**
 * A one-time password for a new user or a reset: 4 groups of 5 from an unambiguous alphabet
 * (~100 bits), easy to read out and type once.
 */
export function generateInitialPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's baseline). */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2Verify(hash, password);
  } catch {
    return false;
  }
}

/** A valid argon2id hash of nothing anyone knows: verified against when a user is unknown. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= argon2Hash(randomBytes(16).toString('hex'));
  return dummyHash;
}
