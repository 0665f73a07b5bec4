import type { PrismaClient, Tx } from '@sextant/db';

/** What a transport carries: the envelope as JSON, keyed for partitioning. */
export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers?: Record<string, string>;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export interface SubscribeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Start from the earliest offset when the group has none (default true). */
  readonly fromBeginning?: boolean;
  /** Awaited before the message's offset is committed; must not throw for a handled message. */
  readonly onMessage: (message: IncomingMessage) => Promise<void>;
}

export interface Subscription {
  /** Partitions this member currently owns, per topic. */
  assignment(): Record<string, number[]>;
  stop(): Promise<void>;
}

/**
 * Offered by a transport whose log lives in a database (DatabaseLogTransport): appends inside the
 * caller's transaction, so that the outbox relay's stamp and the log append commit together. On
 * PGlite (one connection) it is also the only way: a publish on another statement would wait for
 * the relay's own transaction.
 */
export interface TransactionalAppend {
  /** The client the log lives on; the relay uses `append` only when it is its own. */
  readonly prisma: PrismaClient;
  append(tx: Tx, topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Wakes local consumers of `topics` once the transaction that appended to them committed. */
  notify(topics: readonly string[]): void;
}

/**
 * A message transport: Kafka in production and distributed mode, a log in the database in
 * standalone mode (and on PostgreSQL without Kafka), in memory for unit tests and benchmarks.
 * All pass the same contract suite (libs/bus/test/bus-contract.ts).
 */
export interface Transport {
  readonly name: 'kafka' | 'database' | 'memory';
  readonly transactional?: TransactionalAppend;
  connect(): Promise<void>;
  /** Publishes in order; resolves when every message is acknowledged. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Resolves once the member has joined its group and received an assignment. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Creates topics that do not exist yet (no-op for existing ones). */
  ensureTopics(topics: readonly { topic: string; partitions: number }[]): Promise<void>;
  /** Resolves true when the transport can reach its broker. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
