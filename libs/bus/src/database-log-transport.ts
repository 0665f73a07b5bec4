import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { BulkSql, PrismaClient } from '@sextant/db';
import {
  type AppendRow,
  DatabaseLogRepository,
  type LogMessageRow,
  type PartitionRef,
  type Queryable,
  type RetentionLimits,
} from './database-log.repository';
import { partitionFor } from './memory-transport';
import type {
  IncomingMessage,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  TransactionalAppend,
  Transport,
} from './transport';

export interface DatabaseLogTransportOptions {
  readonly prisma: PrismaClient;
  /**
   * Direct publishes (not those inside a caller's transaction) write through this connection of
   * their own instead of Prisma — the database's `bulk`, on PostgreSQL.
   */
  readonly bulk?: BulkSql | undefined;
  /** Partitions of a topic created on first use (default 3, as KafkaTransport). */
  readonly defaultPartitions?: number;
  /**
   * How often an idle member looks for new messages written by other processes (default 200 ms;
   * this process's own are handed over at once). After 5 empty rounds in a row the pause doubles,
   * up to 5 × this (1 s by default), and a message found makes it short again.
   */
  readonly pollIntervalMs?: number;
  /** Messages fetched per partition per round (default 100). */
  readonly batchSize?: number;
  /** Member heartbeat and rebalance period (default 1 s). */
  readonly heartbeatMs?: number;
  /** A member silent this long is evicted and its leases expire (default 10 s). */
  readonly sessionTimeoutMs?: number;
  /** Pause before a message whose handler threw is delivered again (default 100 ms). */
  readonly redeliveryDelayMs?: number;
  /** Retention limits (defaults: 7 days, 100,000 messages, 64 MiB per partition). */
  readonly retention?: Partial<RetentionLimits>;
  /** How often retention runs while connected (default 60 s; 0 turns the timer off). */
  readonly retentionIntervalMs?: number;
  /** Background failures (a poll or heartbeat that could not reach the database). */
  readonly onError?: (error: unknown) => void;
}

export const DEFAULT_RETENTION: RetentionLimits = {
  maxAgeMs: 7 * 24 * 3600_000,
  maxMessagesPerPartition: 100_000,
  maxBytesPerPartition: 64 * 1024 * 1024,
};

/**
 * In-process signals per database client: a publish wakes local consumers of its topic at once
 * (no waiting for the next poll), and a membership change makes the group's local members
 * rebalance at once.
 */
const signals = new WeakMap<PrismaClient, EventEmitter>();
function signalsOf(prisma: PrismaClient): EventEmitter {
  let emitter = signals.get(prisma);
  if (!emitter) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    signals.set(prisma, emitter);
  }
  return emitter;
}

/** Member ids alive in this process: never evicted by a member of this process. */
const localMembers = new Set<string>();

const key = (p: PartitionRef) => `${p.topic}\u0000${p.partition}`;
const unkey = (k: string): PartitionRef => {
  const [topic, partition] = k.split('\u0000');
  return { topic: topic!, partition: Number(partition) };
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A durable log in PostgreSQL tables (platform.bus_*), on any PostgreSQL or embedded PGlite:
 * topics of partitions, keyed partitioning, offsets assigned atomically per partition, consumer
 * groups whose members share partitions through leases, committed offsets per group, retention by
 * age and size. It survives restarts: standalone mode loses no event when the process is killed.
 * See docs/decisions/0003-event-bus.md.
 */
export class DatabaseLogTransport implements Transport {
  readonly name = 'database' as const;
  readonly transactional: TransactionalAppend;
  private readonly repo: DatabaseLogRepository;
  private readonly topics = new Map<string, number>();
  private readonly members = new Set<GroupMember>();
  private readonly retention: RetentionLimits;
  private retentionTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: DatabaseLogTransportOptions) {
    this.repo = new DatabaseLogRepository(options.prisma);
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.transactional = {
      prisma: options.prisma,
      append: (tx, topic, messages) => this.append(tx, topic, messages, false),
      notify: (topics) => topics.forEach((t) => this.signals.emit('append', t)),
    };
  }

  private get signals(): EventEmitter {
    return signalsOf(this.options.prisma);
  }

  async connect(): Promise<void> {
    this.closed = false;
    const every = this.options.retentionIntervalMs ?? 60_000;
    if (every > 0 && !this.retentionTimer) {
      this.retentionTimer = setInterval(() => {
        this.applyRetention().catch((e: unknown) => this.options.onError?.(e));
      }, every);
      this.retentionTimer.unref();
    }
  }

  async ensureTopics(topics: readonly { topic: string; partitions: number }[]): Promise<void> {
    for (const t of topics) await this.partitionsOf(this.options.prisma, t.topic, t.partitions);
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('database log transport is closed');
    if (messages.length === 0) return;
    await this.append(this.options.prisma, topic, messages, true, this.options.bulk);
    this.signals.emit('append', topic);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('database log transport is closed');
    for (const topic of options.topics) await this.partitionsOf(this.options.prisma, topic);
    const member = new GroupMember(this.repo, this.signals, options, {
      pollIntervalMs: this.options.pollIntervalMs ?? 200,
      batchSize: this.options.batchSize ?? 100,
      heartbeatMs: this.options.heartbeatMs ?? 1000,
      sessionTimeoutMs: this.options.sessionTimeoutMs ?? 10_000,
      redeliveryDelayMs: this.options.redeliveryDelayMs ?? 100,
      partitionsOf: (topic) => this.topics.get(topic) ?? 0,
      onError: (e) => this.options.onError?.(e),
    });
    await member.join();
    this.members.add(member);
    return {
      assignment: () => member.assignment(),
      stop: async () => {
        this.members.delete(member);
        await member.stop();
      },
    };
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    return this.repo.ping().then(
      () => true,
      () => false,
    );
  }

  /** Stops every member (waiting for running handlers); the database client stays open. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.retentionTimer = undefined;
    const members = [...this.members];
    this.members.clear();
    await Promise.allSettled(members.map((m) => m.stop()));
  }

  /** Deletes messages past the retention limits now; returns how many. */
  applyRetention(): Promise<number> {
    return this.repo.applyRetention(this.retention);
  }

  private async append(
    q: Queryable,
    topic: string,
    messages: readonly OutgoingMessage[],
    cache: boolean,
    bulk?: BulkSql,
  ): Promise<void> {
    if (messages.length === 0) return;
    const count = await this.partitionsOf(q, topic, undefined, cache);
    const rows: AppendRow[] = messages.map((m) => ({
      partition: partitionFor(m.key, count),
      key: m.key,
      value: m.value,
      headers: { ...m.headers },
    }));
    const written = await this.repo.append(q, topic, rows, bulk);
    if (written !== rows.length) {
      this.topics.delete(topic);
      throw new Error(`appended ${written} of ${rows.length} messages to ${topic}`);
    }
  }

  /**
   * The topic's partition count, creating the topic when missing. Inside a caller's transaction
   * the answer is not cached (the transaction may still roll back the creation).
   */
  private async partitionsOf(
    q: Queryable,
    topic: string,
    partitions = this.options.defaultPartitions ?? 3,
    cache = true,
  ): Promise<number> {
    const known = this.topics.get(topic);
    if (known) return known;
    const count = await this.repo.ensureTopic(q, topic, Math.max(1, partitions));
    if (cache) this.topics.set(topic, count);
    return count;
  }
}

interface MemberSettings {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly heartbeatMs: number;
  readonly sessionTimeoutMs: number;
  readonly redeliveryDelayMs: number;
  readonly partitionsOf: (topic: string) => number;
  readonly onError: (error: unknown) => void;
}

/**
 * One subscriber. Its heartbeat (a timer) renews its member row and leases, evicts dead members
 * and computes the assignment every member of the group computes alike (partition p of a topic to
 * the (p mod n)-th live member subscribed to it, in join order); it claims wanted partitions that
 * are free and marks unwanted ones for release. Its delivery loop fetches from leased partitions,
 * runs the handler (no transaction open meanwhile), commits offsets, and releases partitions only
 * between rounds, so two members never deliver from one partition at once.
 */
/** Empty rounds at the poll interval before an idle member's pause starts doubling. */
const IDLE_FAST_ROUNDS = 5;
/** The longest idle pause, in poll intervals. */
const IDLE_SLOWDOWN_LIMIT = 5;

class GroupMember {
  private readonly id = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly host = hostname();
  /** Partitions whose lease this member holds in the database. */
  private readonly owned = new Set<string>();
  /** Owned partitions it delivers from (owned minus those to give back after this round). */
  private readonly active = new Set<string>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatRunning: Promise<void> | undefined;
  private heartbeatAgain = false;
  private woken = false;
  /** Rounds in a row that found nothing (the idle pause grows past IDLE_FAST_ROUNDS). */
  private emptyRounds = 0;
  private wake: (() => void) | undefined;
  private readonly onAppend = (topic: string) => {
    if (this.options.topics.includes(topic)) this.poke();
  };
  private readonly onRebalance = (groupId: string) => {
    if (groupId === this.options.groupId && !this.stopping) this.scheduleHeartbeat(0);
  };

  constructor(
    private readonly repo: DatabaseLogRepository,
    private readonly signals: EventEmitter,
    private readonly options: SubscribeOptions,
    private readonly settings: MemberSettings,
  ) {}

  async join(): Promise<void> {
    localMembers.add(this.id);
    const { groupId, topics } = this.options;
    try {
      await this.repo.initOffsets(groupId, topics, this.options.fromBeginning ?? true);
      await this.heartbeat();
    } catch (error) {
      localMembers.delete(this.id);
      await this.repo.leave(groupId, this.id).catch(() => undefined);
      throw error;
    }
    this.signals.on('append', this.onAppend);
    this.signals.on('rebalance', this.onRebalance);
    this.scheduleHeartbeat(this.settings.heartbeatMs);
    this.loop = this.run();
    // The others of the group in this process make room at once, not at their next heartbeat.
    this.signals.emit('rebalance', groupId);
  }

  assignment(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const topic of this.options.topics) out[topic] = [];
    for (const k of this.active) {
      const p = unkey(k);
      out[p.topic]?.push(p.partition);
    }
    for (const list of Object.values(out)) list.sort((a, b) => a - b);
    return out;
  }

  async stop(): Promise<void> {
    if (this.stopping) return this.loop;
    this.stopping = true;
    this.signals.off('append', this.onAppend);
    this.signals.off('rebalance', this.onRebalance);
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.poke();
    await this.loop;
    await this.heartbeatRunning;
    localMembers.delete(this.id);
    await this.repo
      .leave(this.options.groupId, this.id)
      .catch((e: unknown) => this.settings.onError(e));
    this.owned.clear();
    this.active.clear();
    this.signals.emit('rebalance', this.options.groupId);
  }

  private poke(): void {
    this.woken = true;
    this.emptyRounds = 0;
    this.wake?.();
  }

  private scheduleHeartbeat(delayMs: number): void {
    if (this.stopping) return;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => {
      void this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (this.stopping) return;
    if (this.heartbeatRunning) {
      this.heartbeatAgain = true; // a rebalance was asked for meanwhile: run once more after
      return;
    }
    this.heartbeatRunning = this.heartbeat().catch((e: unknown) => this.settings.onError(e));
    await this.heartbeatRunning;
    this.heartbeatRunning = undefined;
    const again = this.heartbeatAgain;
    this.heartbeatAgain = false;
    this.scheduleHeartbeat(again ? 0 : this.settings.heartbeatMs);
  }

  private async heartbeat(): Promise<void> {
    const { groupId, topics } = this.options;
    const { sessionTimeoutMs } = this.settings;
    await this.repo.heartbeat(groupId, this.id, topics, this.host, process.pid, sessionTimeoutMs);
    const all = await this.repo.members(groupId, sessionTimeoutMs);
    // Dead: silent too long, or from a process on this host that is gone (a restart after a
    // crash need not wait out the session timeout). Members of this process are alive.
    const dead = all.filter(
      (m) =>
        !localMembers.has(m.memberId) &&
        (m.expired || (m.host === this.host && (m.pid === process.pid || !processAlive(m.pid)))),
    );
    if (dead.length > 0) {
      await this.repo.evict(
        groupId,
        dead.map((m) => m.memberId),
      );
    }
    const live = all.filter((m) => !dead.includes(m));
    const wanted: PartitionRef[] = [];
    for (const topic of topics) {
      const subscribed = live.filter((m) => m.topics.includes(topic));
      const count = this.settings.partitionsOf(topic);
      for (let p = 0; p < count; p++) {
        if (subscribed[p % Math.max(1, subscribed.length)]?.memberId === this.id)
          wanted.push({ topic, partition: p });
      }
    }
    const granted = await this.repo.claim(groupId, this.id, wanted, sessionTimeoutMs);
    const grantedKeys = new Set(granted.map(key));
    const before = this.active.size;
    for (const k of grantedKeys) this.owned.add(k);
    this.active.clear();
    for (const k of grantedKeys) this.active.add(k);
    if (this.active.size > before || [...this.owned].some((k) => !this.active.has(k))) {
      this.poke(); // new partitions to read, or old ones to give back
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.releaseRevoked();
        this.woken = false;
        const handled = await this.round();
        failures = 0;
        this.emptyRounds = handled === 'idle' ? this.emptyRounds + 1 : 0;
        if (handled === 'retry') await sleep(this.settings.redeliveryDelayMs);
        if (handled === 'idle') await this.idle();
        // PGlite answers without touching the event loop: without this, a backlog would be
        // worked off in microtasks alone and starve timers and HTTP requests meanwhile.
        if (handled === 'busy') await new Promise<void>((r) => setImmediate(r));
      } catch (error) {
        failures++;
        this.settings.onError(error);
        if (!this.stopping) await sleep(Math.min(5000, 100 * 2 ** failures));
      }
    }
    await this.releaseRevoked().catch(() => undefined);
  }

  /** Gives back partitions the assignment moved away, now that none of them is being handled. */
  private async releaseRevoked(): Promise<void> {
    const revoked = [...this.owned].filter((k) => !this.active.has(k));
    if (revoked.length === 0) return;
    await this.repo.release(this.options.groupId, this.id, revoked.map(unkey));
    for (const k of revoked) this.owned.delete(k);
    this.signals.emit('rebalance', this.options.groupId);
  }

  private idle(): Promise<void> {
    if (this.woken || this.stopping) return Promise.resolve();
    const base = this.settings.pollIntervalMs;
    const slower = Math.max(0, this.emptyRounds - IDLE_FAST_ROUNDS);
    const pause = Math.min(base * IDLE_SLOWDOWN_LIMIT, base * 2 ** Math.min(slower, 10));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, pause);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** One fetch and delivery over the active partitions; commits what was handled. */
  private async round(): Promise<'idle' | 'busy' | 'retry'> {
    const partitions = [...this.active].map(unkey);
    const { groupId } = this.options;
    const rows = await this.repo.fetch(groupId, this.id, partitions, this.settings.batchSize);
    if (rows.length === 0) return 'idle';
    const byPartition = new Map<string, LogMessageRow[]>();
    for (const r of rows) {
      const k = key(r);
      const list = byPartition.get(k) ?? [];
      list.push(r);
      byPartition.set(k, list);
    }
    let retry = false;
    const commits: (PartitionRef & { next: bigint })[] = [];
    await Promise.all(
      [...byPartition].map(async ([k, messages]) => {
        let next: bigint | undefined;
        for (const m of messages) {
          // Between messages: stop, or a partition moved to another member, ends the batch.
          if (this.stopping || !this.active.has(k)) break;
          try {
            await this.options.onMessage(toIncoming(m));
            next = m.offset + 1n;
          } catch {
            // Like Kafka without a commit: this message is delivered again after a pause.
            retry = true;
            break;
          }
        }
        if (next !== undefined) commits.push({ ...unkey(k), next });
      }),
    );
    const kept = await this.repo.commit(groupId, this.id, commits);
    if (kept.length < commits.length) {
      // Lost a lease meanwhile (this member was thought dead): stop reading those partitions.
      const keptKeys = new Set(kept.map(key));
      for (const c of commits) {
        if (!keptKeys.has(key(c))) {
          this.active.delete(key(c));
          this.owned.delete(key(c));
        }
      }
    }
    return retry ? 'retry' : 'busy';
  }
}

function toIncoming(m: LogMessageRow): IncomingMessage {
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset.toString(),
    key: m.key,
    value: m.value,
    headers: m.headers,
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
