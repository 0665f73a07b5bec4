import type { Database } from '@sextant/db';
import type { EventBus } from '@sextant/bus';
import type { AuthRule, Role } from './roles';

/** The authenticated caller. */
export interface Identity {
  readonly userId: string;
  readonly keyId: string;
  readonly role: Role;
}

/** What every service shares: its database and bus, and when the process started. */
export interface PlatformDeps {
  readonly db: Database;
  readonly bus: EventBus;
  readonly startedAt: Date;
  readonly version: string;
}

/** A DI lookup: Nest's container in the services, a plain map in tests. */
export type Resolve = <T>(token: abstract new (...args: never[]) => T) => T;

export interface ApiContext {
  readonly identity: Identity | null;
  /** Set when a credential was sent but not accepted, so the 401 can say why. */
  readonly authError: string | null;
  readonly requestId: string;
  readonly platform: PlatformDeps;
  readonly resolve: Resolve;
}

/** Procedure metadata. Every procedure must declare `auth`; none does by default. */
export interface ApiMeta {
  auth?: AuthRule;
}

/** Nest injection token for the PlatformDeps of the hosting process. */
export const PLATFORM = 'sextant:platform';
