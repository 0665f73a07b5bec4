import {
  type Admin,
  type Consumer,
  Kafka,
  type KafkaConfig,
  logLevel as KafkaLogLevel,
  type Producer,
} from 'kafkajs';
import type {
  IncomingMessage,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  Transport,
} from './transport';

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** Where kafkajs' own log lines go (defaults to nowhere but errors on stderr). */
  readonly log?: (
    level: 'error' | 'warn' | 'info' | 'debug',
    message: string,
    extra: object,
  ) => void;
  /** Consumer session timeout; lower means faster failover, more rebalances. */
  readonly sessionTimeoutMs?: number;
  /** Partitions of a topic this transport creates on first use (default 3). */
  readonly defaultPartitions?: number;
  /**
   * Prefixes every topic and consumer group on the broker (`<namespace>.<topic>`), so that
   * several installations — or test platforms — can share one broker without seeing each other's
   * events. Callers keep using the plain names.
   */
  readonly namespace?: string;
}

/**
 * Kafka through kafkajs. kafkajs is kept behind this class (its maintenance is uncertain, see
 * docs/decisions/0003) so that another client can replace it without touching callers.
 */
export class KafkaTransport implements Transport {
  readonly name = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly clients = new Map<'producer' | 'admin', Promise<Producer | Admin>>();
  private readonly consumers = new Set<Consumer>();
  private readonly knownTopics = new Set<string>();
  private closed = false;

  constructor(private readonly options: KafkaTransportOptions) {
    const log = options.log;
    const config: KafkaConfig = {
      clientId: options.clientId ?? 'sextant',
      brokers: [...options.brokers],
      connectionTimeout: 3000,
      requestTimeout: 30000,
      retry: { retries: 5, initialRetryTime: 100 },
      logLevel: log ? KafkaLogLevel.INFO : KafkaLogLevel.ERROR,
      logCreator: () => (entry) => {
        const { message, ...extra } = entry.log;
        const level =
          entry.level === KafkaLogLevel.ERROR || entry.level === KafkaLogLevel.NOTHING
            ? 'error'
            : entry.level === KafkaLogLevel.WARN
              ? 'warn'
              : entry.level === KafkaLogLevel.INFO
                ? 'info'
                : 'debug';
        if (log) log(level, `kafka: ${message}`, { namespace: entry.namespace, ...extra });
        else if (level === 'error') process.stderr.write(`kafka: ${message}\n`);
      },
    };
    this.kafka = new Kafka(config);
  }

  async connect(): Promise<void> {
    this.closed = false;
    await this.producerClient();
  }

  /** The broker's name of a topic or group (namespaced when configured). */
  private wire(name: string): string {
    return this.options.namespace ? `${this.options.namespace}.${name}` : name;
  }

  /** The caller's name of a broker topic. */
  private unwire(name: string): string {
    const prefix = this.options.namespace ? `${this.options.namespace}.` : '';
    return prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
  }

  async publish(logical: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('Kafka transport is closed');
    if (messages.length === 0) return;
    const topic = this.wire(logical);
    // Create a new topic with our partition count, not the broker's auto-create default.
    if (!this.knownTopics.has(topic))
      await this.ensureWireTopics([{ topic, partitions: this.partitions }]);
    const producer = await this.producerClient();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  async ensureTopics(logical: readonly { topic: string; partitions: number }[]): Promise<void> {
    await this.ensureWireTopics(logical.map((t) => ({ ...t, topic: this.wire(t.topic) })));
  }

  private async ensureWireTopics(
    topics: readonly { topic: string; partitions: number }[],
  ): Promise<void> {
    const wanted = topics.filter((t) => !this.knownTopics.has(t.topic));
    if (wanted.length === 0) return;
    const admin = await this.adminClient();
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      // Another process may create the same topic at the same moment: that is fine.
      await admin
        .createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
        })
        .catch((error: unknown) => {
          if (!String((error as Error).message).includes('already exists')) throw error;
        });
    }
    for (const t of wanted) this.knownTopics.add(t.topic);
  }

  private get partitions(): number {
    return this.options.defaultPartitions ?? 3;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: this.wire(options.groupId),
      sessionTimeout: this.options.sessionTimeoutMs ?? 10000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 20000,
      // A fetch waits at most this long for data: it bounds how long stop() takes (kafkajs lets
      // the running fetch finish), at the cost of two empty fetches a second when idle.
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: true,
    });
    let assignment: Record<string, number[]> = {};
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`group ${options.groupId} did not join within 60 s`)),
        60_000,
      );
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        assignment = e.payload.memberAssignment;
        clearTimeout(timer);
        resolve();
      });
      consumer.on(consumer.events.CRASH, (e) => {
        clearTimeout(timer);
        reject(e.payload.error);
      });
    });
    joined.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    // A consumer cannot fetch metadata of a topic that does not exist yet: create it first.
    await this.ensureTopics(
      options.topics.map((topic) => ({ topic, partitions: this.partitions })),
    );
    await consumer.connect();
    this.consumers.add(consumer);
    await consumer.subscribe({
      topics: options.topics.map((t) => this.wire(t)),
      fromBeginning: options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic, partition, message }) => {
        const incoming: IncomingMessage = {
          topic: this.unwire(topic),
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
          headers: decodeHeaders(message.headers),
        };
        await options.onMessage(incoming);
      },
    });
    try {
      await joined;
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return {
      assignment: () => assignment,
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async ping(): Promise<boolean> {
    try {
      const admin = await this.adminClient();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map((c) => c.then((client) => client.disconnect())));
  }

  /** One producer per transport, connected once even when many callers ask at the same time. */
  private producerClient(): Promise<Producer> {
    // One request in flight per broker: retries cannot reorder messages within a partition.
    return this.connectOnce('producer', () =>
      this.kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1 }),
    );
  }

  private adminClient(): Promise<Admin> {
    return this.connectOnce('admin', () => this.kafka.admin());
  }

  /** Connects a client of `kind` once; a failed connect is tried again by the next caller. */
  private connectOnce<T extends Producer | Admin>(
    kind: 'producer' | 'admin',
    make: () => T,
  ): Promise<T> {
    let connecting = this.clients.get(kind) as Promise<T> | undefined;
    if (!connecting) {
      const client = make();
      connecting = client.connect().then(() => client);
      this.clients.set(kind, connecting);
      connecting.catch(() => this.clients.delete(kind));
    }
    return connecting;
  }
}

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}
