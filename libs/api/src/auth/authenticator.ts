import { Inject, Injectable } from '@nestjs/common';
import { databaseErrorToAppError } from '@sextant/db';
import type { Caller } from '../context';
import { ApiKeysRepository } from '../identity/api-keys/api-keys.repository';
import { SessionsRepository } from '../identity/sessions/sessions.repository';
import { CLOCK, type NowClock } from '../tokens';
import { KeyCache } from './key-cache';
import { API_KEY, sameDigest, sha256Hex } from './secrets';
import { readSessionCookie } from './session-cookie';

export type AuthResult =
  | { readonly caller: Caller; readonly error: null; readonly viaCookie: boolean }
  | {
      readonly caller: null;
      /** null when no credential was sent at all. */
      readonly error: { readonly status: 401 | 503; readonly message: string } | null;
      readonly viaCookie: boolean;
    };

const TOUCH_EVERY_MS = 60_000;
/** Authorization headers whose key's sha256 is remembered (a key's hash never changes). */
const MAX_DIGESTS = 1_000;
/** A digest no key has, compared against when a prefix is unknown (constant-time either way). */
const NO_DIGEST = '0'.repeat(64);

/**
 * Resolves a request's credential — `Authorization: Bearer sx_…` or the console's session cookie —
 * to the caller. A database outage is a retryable 503, never a 500 or a misleading 401.
 */
@Injectable()
export class Authenticator {
  /**
   * The last 1,000 well-formed Authorization headers and their key's sha256 and prefix: hashing
   * and parsing were the largest costs of a cached key's check on the inference path. Only the
   * hash is saved — whether the key is valid is still the KeyCache's (and the database's) answer,
   * so revoking stays immediate. The cost: recent keys stay in this process's memory as the map's
   * keys (a process that serves them holds them in its request buffers anyway).
   */
  private readonly digests = new Map<string, { digest: string; prefix: string }>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly sessions: SessionsRepository,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly cache: KeyCache,
  ) {}

  authenticate(headers: {
    authorization?: string | undefined;
    cookie?: string | undefined;
  }): Promise<AuthResult> {
    // A key verified seconds ago: answered without a lookup (the inference path's common case).
    const cached = headers.authorization ? this.cachedKey(headers.authorization) : null;
    return cached ? Promise.resolve(cached) : this.lookUp(headers);
  }

  private cachedKey(header: string): AuthResult | null {
    const seen = this.digests.get(header);
    const caller = seen ? this.cache.get(seen.digest, this.clock.now().getTime()) : null;
    return caller ? { caller, error: null, viaCookie: false } : null;
  }

  private async lookUp(headers: {
    authorization?: string | undefined;
    cookie?: string | undefined;
  }): Promise<AuthResult> {
    const token = readSessionCookie(headers.cookie);
    const viaCookie = !headers.authorization && !!token;
    try {
      if (headers.authorization) return await this.byKey(headers.authorization);
      if (token) return await this.bySession(token);
      return { caller: null, error: null, viaCookie: false };
    } catch (error) {
      const mapped = databaseErrorToAppError(error);
      if (mapped?.code === 'UNAVAILABLE') {
        return { caller: null, error: { status: 503, message: mapped.message }, viaCookie };
      }
      throw error;
    }
  }

  private async byKey(header: string): Promise<AuthResult> {
    const fail = (message: string): AuthResult => ({
      caller: null,
      error: { status: 401, message },
      viaCookie: false,
    });
    // A header seen lately is well-formed and its key's hash known (the common case: a client
    // sending the same key on every request).
    let seen = this.digests.get(header);
    if (seen === undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match) return fail('Authorization must be "Bearer <api key>"');
      const parts = API_KEY.exec(match[1]!);
      if (!parts) return fail('Malformed API key');
      seen = { digest: sha256Hex(match[1]!), prefix: parts[1]! };
      if (this.digests.size >= MAX_DIGESTS) this.digests.clear();
      this.digests.set(header, seen);
    }
    const { digest, prefix } = seen;
    const cached = this.cache.get(digest, this.clock.now().getTime());
    if (cached) return { caller: cached, error: null, viaCookie: false };
    const row = await this.keys.findByPrefix(prefix);
    if (!sameDigest(row?.hash ?? NO_DIGEST, digest) || !row) return fail('Unknown API key');
    if (row.revokedAt) return fail('This API key was revoked');
    if (row.user.disabledAt) return fail('The user of this API key is disabled');
    const now = this.clock.now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      this.keys.touch(row.id, now).catch(() => undefined); // off the request path
    }
    const caller: Caller = {
      userId: row.userId,
      email: row.user.email,
      isAdmin: row.user.isAdmin,
      credential: {
        kind: 'key',
        keyId: row.id,
        projectId: row.projectId,
        role: row.role,
        predictDeployment: row.predictDeployment,
      },
    };
    this.cache.set(digest, row.id, caller, now.getTime());
    return { caller, error: null, viaCookie: false };
  }

  private async bySession(token: string): Promise<AuthResult> {
    const fail = (message: string): AuthResult => ({
      caller: null,
      error: { status: 401, message },
      viaCookie: true,
    });
    const row = await this.sessions.findByHash(sha256Hex(token));
    const now = this.clock.now();
    if (!row || row.revokedAt || row.expiresAt <= now) {
      return fail('Your session has ended; sign in again');
    }
    if (row.user.disabledAt) return fail('This user is disabled');
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      this.sessions.touch(row.id, now).catch(() => undefined);
    }
    return {
      caller: {
        userId: row.userId,
        email: row.user.email,
        isAdmin: row.user.isAdmin,
        credential: { kind: 'session', sessionId: row.id },
      },
      error: null,
      viaCookie: true,
    };
  }
}
