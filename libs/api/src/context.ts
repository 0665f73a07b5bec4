import type { EventBus } from '@sextant/bus';
import type { Database } from '@sextant/db';
import type { ArtifactStore, Clock } from '@sextant/ports';
import type { AuthRule, Role } from './roles';

/** How the caller proved who they are. */
export type Credential =
  | {
      readonly kind: 'key';
      readonly keyId: string;
      /** The one project the key is scoped to, or null for all of its user's projects. */
      readonly projectId: string | null;
      /** The key's role cap. */
      readonly role: Role;
      /**
       * The one deployment (of `projectId`) the key may predict on, or null for an ordinary key.
       * Such a key is refused by every procedure and route that does not opt in.
       */
      readonly predictDeployment: string | null;
    }
  | { readonly kind: 'session'; readonly sessionId: string };

/** The authenticated caller. */
export interface Caller {
  readonly userId: string;
  readonly email: string;
  readonly isAdmin: boolean;
  readonly credential: Credential;
}

/** The project a project-scoped procedure runs in, and the caller's effective role there. */
export interface ProjectScope {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly role: Role;
}

/** What every service shares: its database, bus, artifact store and clock. */
export interface PlatformDeps {
  readonly db: Database;
  readonly bus: EventBus;
  readonly artifacts: ArtifactStore;
  readonly clock: Clock;
  readonly startedAt: Date;
  readonly version: string;
}

/** A DI lookup: Nest's container in the services, a plain map in tests. */
export type Resolve = <T>(token: abstract new (...args: never[]) => T) => T;

/** The parts of the HTTP exchange a procedure may need (sign-in sets a cookie). */
export interface HttpExchange {
  /** The request's own origin as the client addressed it (scheme://host), for the Origin check. */
  readonly origin: string;
  /** The `Origin` header the browser sent, if any. */
  readonly originHeader: string | undefined;
  readonly secure: boolean;
  readonly userAgent: string | undefined;
  setCookie(serialized: string): void;
}

export interface ApiContext {
  readonly caller: Caller | null;
  /** Set when a credential was sent but not accepted, so the 401 (or 503) can say why. */
  readonly authError: { readonly status: 401 | 503; readonly message: string } | null;
  /** The credential came from the session cookie (a browser): mutations need a same-site Origin. */
  readonly viaCookie: boolean;
  readonly requestId: string;
  readonly platform: PlatformDeps;
  readonly resolve: Resolve;
  readonly http: HttpExchange;
}

/** Procedure metadata. Every procedure must declare `auth`; none does by default. */
export interface ApiMeta {
  auth?: AuthRule;
  /** A key scoped to predicting on one deployment may call it (whoami); refused otherwise. */
  allowPredictKeys?: boolean;
}

/** Nest injection token for the PlatformDeps of the hosting process. */
export const PLATFORM = 'sextant:platform';
