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
  readonly log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: object) => void;
  /** Consumer session timeout; lower means faster failover, more rebalances. */
  readonly sessionTimeoutMs?: number;
  /** Partitions of a topic this transport creates on first use (default 3). */
  readonly defaultPartitions?: number;
}

/**
 * Kafka through kafkajs. kafkajs is kept behind this class (its maintenance is uncertain, see
 * docs/decisions/0003) so that another client can replace it without touching callers.
 */
export class KafkaTransport implements Transport {
  readonly name = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  private readonly consumers = new Set<Consumer>();

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
    if (this.producer) return;
    const producer = this.kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    this.producer = producer;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.producer) await this.connect();
    await this.producer!.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  async ensureTopics(topics: readonly { topic: string; partitions: number }[]): Promise<void> {
    const admin = await this.adminClient();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 20000,
      allowAutoTopicCreation: true,
    });
    let assignment: Record<string, number[]> = {};
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        assignment = e.payload.memberAssignment;
        resolve();
      });
    });
    // A consumer cannot fetch metadata of a topic that does not exist yet: create it first.
    await this.ensureTopics(
      options.topics.map((topic) => ({ topic, partitions: this.options.defaultPartitions ?? 3 })),
    );
    await consumer.connect();
    this.consumers.add(consumer);
    await consumer.subscribe({
      topics: [...options.topics],
      fromBeginning: options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic, partition, message }) => {
        const incoming: IncomingMessage = {
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
          headers: decodeHeaders(message.headers),
        };
        await options.onMessage(incoming);
      },
    });
    await joined;
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
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.producer = undefined;
    this.admin = undefined;
  }

  private async adminClient(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
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
