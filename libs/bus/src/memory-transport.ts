import type {
  IncomingMessage,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  Transport,
} from './transport';

interface StoredMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

interface Member {
  readonly id: number;
  readonly options: SubscribeOptions;
  /** Handler calls still running, so that stop() can wait for them as Kafka's disconnect does. */
  readonly inflight: Set<Promise<void>>;
  stopped: boolean;
}

interface Group {
  readonly members: Member[];
  /** topic → per-partition next offset to deliver. */
  readonly offsets: Map<string, number[]>;
  /** topic:partition → whether a delivery loop is running. */
  readonly running: Set<string>;
}

/**
 * The in-process transport for standalone mode: Kafka's model (topics of partitions, keyed
 * partitioning, consumer groups sharing partitions, per-group committed offsets) in memory.
 * Messages live as long as the process (no retention yet: a long-running standalone process keeps
 * every message); delivery is in order per partition.
 */
export class MemoryTransport implements Transport {
  readonly name = 'memory' as const;
  private readonly topics = new Map<string, StoredMessage[][]>();
  private readonly groups = new Map<string, Group>();
  private nextMemberId = 1;
  private closed = false;

  constructor(private readonly defaultPartitions = 1) {}

  async connect(): Promise<void> {
    this.closed = false;
  }

  async ensureTopics(topics: readonly { topic: string; partitions: number }[]): Promise<void> {
    for (const t of topics) this.partitionsOf(t.topic, t.partitions);
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('memory transport is closed');
    const partitions = this.partitionsOf(topic);
    for (const m of messages) {
      const p = partitionFor(m.key, partitions.length);
      partitions[p]!.push({ key: m.key, value: m.value, headers: { ...m.headers } });
    }
    for (const [, group] of this.groups) this.pump(group);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const group = this.groupOf(options.groupId);
    const member: Member = {
      id: this.nextMemberId++,
      options,
      inflight: new Set(),
      stopped: false,
    };
    group.members.push(member);
    for (const topic of options.topics) {
      const partitions = this.partitionsOf(topic);
      if (!group.offsets.has(topic)) {
        const start = options.fromBeginning === false ? partitions.map((p) => p.length) : null;
        group.offsets.set(topic, start ?? partitions.map(() => 0));
      }
    }
    this.pump(group);
    return {
      assignment: () => this.assignmentOf(group, member),
      stop: async () => {
        member.stopped = true;
        const index = group.members.indexOf(member);
        if (index >= 0) group.members.splice(index, 1);
        await Promise.allSettled([...member.inflight]);
        this.pump(group);
      },
    };
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values()) {
      for (const m of group.members) m.stopped = true;
      group.members.length = 0;
    }
  }

  private partitionsOf(topic: string, count = this.defaultPartitions): StoredMessage[][] {
    let partitions = this.topics.get(topic);
    if (!partitions) {
      partitions = Array.from({ length: Math.max(1, count) }, () => []);
      this.topics.set(topic, partitions);
    }
    return partitions;
  }

  private groupOf(groupId: string): Group {
    let group = this.groups.get(groupId);
    if (!group) {
      group = { members: [], offsets: new Map(), running: new Set() };
      this.groups.set(groupId, group);
    }
    return group;
  }

  /** Range assignment: partition p of a topic goes to the p-th subscribed member, round robin. */
  private ownerOf(group: Group, topic: string, partition: number): Member | undefined {
    const subscribed = group.members.filter((m) => !m.stopped && m.options.topics.includes(topic));
    return subscribed[partition % Math.max(1, subscribed.length)];
  }

  private assignmentOf(group: Group, member: Member): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const topic of member.options.topics) {
      const count = this.partitionsOf(topic).length;
      out[topic] = [];
      for (let p = 0; p < count; p++) {
        if (this.ownerOf(group, topic, p) === member) out[topic].push(p);
      }
    }
    return out;
  }

  private pump(group: Group): void {
    for (const [topic, offsets] of group.offsets) {
      const partitions = this.partitionsOf(topic);
      while (offsets.length < partitions.length) offsets.push(0);
      for (let p = 0; p < partitions.length; p++) {
        const slot = `${topic}:${p}`;
        if (group.running.has(slot) || offsets[p]! >= partitions[p]!.length) continue;
        group.running.add(slot);
        void this.deliver(group, topic, p).finally(() => {
          group.running.delete(slot);
          if (offsets[p]! < partitions[p]!.length && this.ownerOf(group, topic, p))
            this.pump(group);
        });
      }
    }
  }

  private async deliver(group: Group, topic: string, partition: number): Promise<void> {
    const log = this.partitionsOf(topic)[partition]!;
    const offsets = group.offsets.get(topic)!;
    for (;;) {
      const member = this.ownerOf(group, topic, partition);
      const offset = offsets[partition]!;
      if (!member || this.closed || offset >= log.length) return;
      const stored = log[offset]!;
      const message: IncomingMessage = {
        topic,
        partition,
        offset: String(offset),
        key: stored.key,
        value: stored.value,
        headers: stored.headers,
      };
      // Yield first so that publishers never run consumer code on their own stack.
      await Promise.resolve();
      const handled = member.options.onMessage(message);
      member.inflight.add(handled);
      try {
        await handled;
        offsets[partition] = offset + 1;
      } catch {
        // Like Kafka without a commit: the message is delivered again, after a short pause.
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        member.inflight.delete(handled);
      }
    }
  }
}

/** FNV-1a over the key: stable, so one key always lands on one partition. */
export function partitionFor(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}
