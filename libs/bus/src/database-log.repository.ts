import type { BulkSql, PrismaClient, Tx } from '@sextant/db';

/** Either the client or a transaction on it: every statement here is one short round trip. */
export type Queryable = PrismaClient | Tx;

export interface AppendRow {
  readonly partition: number;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export interface LogMessageRow {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export interface MemberRow {
  readonly memberId: string;
  readonly topics: string[];
  readonly host: string;
  readonly pid: number;
  readonly expired: boolean;
}

export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

export interface RetentionLimits {
  /** Messages older than this go; 0 or less keeps them whatever their age. */
  readonly maxAgeMs: number;
  /** Per partition; 0 or less means no limit. */
  readonly maxMessagesPerPartition: number;
  /** Per partition, counting key and value; 0 or less means no limit. */
  readonly maxBytesPerPartition: number;
}

const ms = (n: number) => `${Math.round(n)} milliseconds`;

/**
 * At most this many rows pass their values as parameters of their own (PostgreSQL takes at most
 * 65,535 parameters per statement); a larger append carries the values inside the JSON batch.
 */
export const VALUE_PARAMS_LIMIT = 10_000;

/**
 * Appends of at most this many rows run as prepared statements on the bulk connection (one
 * text per row count, so a few): planning the append costs PostgreSQL ~0.4 ms, as much as
 * storing a 140 KB value.
 */
export const PREPARED_APPEND_ROWS = 16;

/**
 * The rows of an append as one JSON parameter, each with its index within its partition and its
 * ordinal `i` (from 1); with `values`, each row's value too.
 */
function appendBatchJson(rows: readonly AppendRow[], values: boolean): string {
  const seen = new Map<number, number>();
  return JSON.stringify(
    rows.map((r, i) => {
      const idx = seen.get(r.partition) ?? 0;
      seen.set(r.partition, idx + 1);
      return {
        i: i + 1,
        partition: r.partition,
        idx,
        key: r.key,
        ...(values ? { value: r.value } : {}),
        headers: r.headers,
        bytes: Buffer.byteLength(r.key) + Buffer.byteLength(r.value),
      };
    }),
  );
}

/**
 * An append ($1: the batch as JSON, $2: the topic, then the rows' values unless the JSON carries
 * them): it locks the partitions' counter rows in partition order (concurrent publishers queue per
 * partition instead of deadlocking), takes the next offsets and running byte totals, and inserts.
 * The small fields travel as one JSON parameter (a driver passes one string far cheaper than it
 * escapes every element of text arrays); each value, often one large envelope of a whole
 * prediction batch, as a text parameter of its own, which PostgreSQL stores without parsing it
 * (embedded in the JSON, a 150 KB value cost the server 1.7 ms of JSON parsing, the client
 * 0.8 ms of escaping).
 */
function appendSql(rows: number, valuesInJson: boolean): string {
  const batch = valuesInJson
    ? `SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS b(i int, partition int, idx int, key text, value text, headers jsonb, bytes bigint)`
    : `SELECT b.partition, b.idx, b.key, v.value, b.headers, b.bytes
       FROM jsonb_to_recordset($1::jsonb)
         AS b(i int, partition int, idx int, key text, headers jsonb, bytes bigint)
       JOIN unnest(ARRAY[${Array.from({ length: rows }, (_, i) => `$${i + 3}`).join(', ')}]::text[])
         WITH ORDINALITY AS v(value, i) ON v.i = b.i`;
  return `
  WITH batch AS (${batch}),
  per_partition AS (
    SELECT partition, count(*)::bigint AS n, sum(bytes)::bigint AS bytes
    FROM batch GROUP BY partition),
  locked AS (
    SELECT p.partition FROM platform.bus_partitions p
    WHERE p.topic = $2 AND p.partition IN (SELECT partition FROM per_partition)
    ORDER BY p.partition FOR UPDATE),
  bumped AS (
    UPDATE platform.bus_partitions p
    SET next_offset = p.next_offset + pp.n, total_bytes = p.total_bytes + pp.bytes
    FROM per_partition pp, locked l
    WHERE p.topic = $2 AND p.partition = pp.partition AND l.partition = pp.partition
    RETURNING p.partition, p.next_offset - pp.n AS base_offset,
              p.total_bytes - pp.bytes AS base_bytes)
  INSERT INTO platform.bus_messages
    (topic, partition, msg_offset, key, value, headers, end_bytes)
  SELECT $2, b.partition, bu.base_offset + b.idx, b.key, b.value, b.headers,
         bu.base_bytes + sum(b.bytes) OVER (PARTITION BY b.partition ORDER BY b.idx)
  FROM batch b JOIN bumped bu ON bu.partition = b.partition`;
}

/**
 * The SQL of the database log (platform.bus_* tables). Raw SQL through Prisma so that one code
 * path runs on PostgreSQL and PGlite; every statement is self-contained (no transaction is held
 * across an await of caller code).
 */
export class DatabaseLogRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates the topic and its partitions in one statement unless it exists; returns its count. */
  async ensureTopic(q: Queryable, topic: string, partitions: number): Promise<number> {
    await q.$executeRaw`
      WITH t AS (
        INSERT INTO platform.bus_topics (name, partitions) VALUES (${topic}, ${partitions}::int)
        ON CONFLICT (name) DO NOTHING RETURNING partitions)
      INSERT INTO platform.bus_partitions (topic, partition)
      SELECT ${topic}, g FROM t, generate_series(0, t.partitions - 1) AS g
      ON CONFLICT DO NOTHING`;
    const rows = await q.$queryRaw<{ partitions: number }[]>`
      SELECT partitions FROM platform.bus_topics WHERE name = ${topic}`;
    return Number(rows[0]!.partitions);
  }

  /**
   * Appends messages in one statement (`appendSql`): through Prisma, or through `bulk` (a
   * connection of its own, outside Prisma: much cheaper for large batches) when given. Returns
   * the number of rows written.
   */
  async append(
    q: Queryable,
    topic: string,
    rows: readonly AppendRow[],
    bulk?: BulkSql,
  ): Promise<number> {
    const valuesInJson = rows.length > VALUE_PARAMS_LIMIT;
    const sql = appendSql(rows.length, valuesInJson);
    const params = [appendBatchJson(rows, valuesInJson), topic];
    if (!valuesInJson) for (const r of rows) params.push(r.value);
    return bulk
      ? bulk.execute(sql, params, { prepare: rows.length <= PREPARED_APPEND_ROWS })
      : q.$executeRawUnsafe(sql, ...params);
  }

  /**
   * The next messages of the given partitions from the group's committed offsets, at most
   * `limit` per partition, in offset order; only partitions this member leases.
   */
  async fetch(
    groupId: string,
    memberId: string,
    partitions: readonly PartitionRef[],
    limit: number,
  ): Promise<LogMessageRow[]> {
    if (partitions.length === 0) return [];
    const topics = partitions.map((p) => p.topic);
    const numbers = partitions.map((p) => p.partition);
    const rows = await this.prisma.$queryRaw<
      {
        topic: string;
        partition: number;
        msg_offset: bigint;
        key: string | null;
        value: string;
        headers: string;
      }[]
    >`
      SELECT o.topic, o.partition, m.msg_offset, m.key, m.value, m.headers::text AS headers
      FROM unnest(${topics}::text[], ${numbers}::int[]) AS w(topic, partition)
      JOIN platform.bus_group_offsets o
        ON o.group_id = ${groupId} AND o.topic = w.topic AND o.partition = w.partition
      JOIN platform.bus_partitions p ON p.topic = o.topic AND p.partition = o.partition
      CROSS JOIN LATERAL (
        SELECT msg_offset, key, value, headers FROM platform.bus_messages m
        WHERE m.topic = o.topic AND m.partition = o.partition AND m.msg_offset >= o.next_offset
        ORDER BY m.msg_offset LIMIT ${limit}::int) m
      WHERE o.owner = ${memberId} AND p.next_offset > o.next_offset
      ORDER BY o.topic, o.partition, m.msg_offset`;
    return rows.map((r) => ({
      topic: r.topic,
      partition: Number(r.partition),
      offset: BigInt(r.msg_offset),
      key: r.key,
      value: r.value,
      headers: JSON.parse(r.headers) as Record<string, string>,
    }));
  }

  /** Commits next offsets, only where this member still holds the lease; returns those kept. */
  async commit(
    groupId: string,
    memberId: string,
    entries: readonly (PartitionRef & { next: bigint })[],
  ): Promise<PartitionRef[]> {
    if (entries.length === 0) return [];
    const rows = await this.prisma.$queryRaw<PartitionRef[]>`
      UPDATE platform.bus_group_offsets o SET next_offset = c.next, updated_at = now()
      FROM unnest(${entries.map((e) => e.topic)}::text[], ${entries.map((e) => e.partition)}::int[],
                  ${entries.map((e) => e.next)}::bigint[]) AS c(topic, partition, next)
      WHERE o.group_id = ${groupId} AND o.topic = c.topic AND o.partition = c.partition
        AND o.owner = ${memberId}
      RETURNING o.topic, o.partition`;
    return rows.map((r) => ({ topic: r.topic, partition: Number(r.partition) }));
  }

  /** Registers or refreshes a member and renews the leases it holds. */
  async heartbeat(
    groupId: string,
    memberId: string,
    topics: readonly string[],
    host: string,
    pid: number,
    leaseMs: number,
  ): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO platform.bus_members (group_id, member_id, topics, host, pid)
      VALUES (${groupId}, ${memberId}, ${[...topics]}::text[], ${host}, ${pid}::int)
      ON CONFLICT (group_id, member_id) DO UPDATE SET heartbeat_at = now()`;
    await this.prisma.$executeRaw`
      UPDATE platform.bus_group_offsets SET lease_until = now() + ${ms(leaseMs)}::interval
      WHERE group_id = ${groupId} AND owner = ${memberId}`;
  }

  /** The group's members in join order, each marked expired when silent for `sessionMs`. */
  async members(groupId: string, sessionMs: number): Promise<MemberRow[]> {
    const rows = await this.prisma.$queryRaw<
      { member_id: string; topics: string[]; host: string; pid: number; expired: boolean }[]
    >`
      SELECT member_id, topics, host, pid,
             heartbeat_at < now() - ${ms(sessionMs)}::interval AS expired
      FROM platform.bus_members WHERE group_id = ${groupId}
      ORDER BY joined_at, member_id`;
    return rows.map((r) => ({
      memberId: r.member_id,
      topics: r.topics ?? [],
      host: r.host,
      pid: Number(r.pid),
      expired: r.expired,
    }));
  }

  /** Removes members and frees the partitions they leased. */
  async evict(groupId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.prisma.$executeRaw`
      DELETE FROM platform.bus_members
      WHERE group_id = ${groupId} AND member_id = ANY(${[...memberIds]}::text[])`;
    await this.prisma.$executeRaw`
      UPDATE platform.bus_group_offsets SET owner = NULL, lease_until = NULL
      WHERE group_id = ${groupId} AND owner = ANY(${[...memberIds]}::text[])`;
  }

  /** Creates the group's offsets for the topics' partitions it has none for yet. */
  async initOffsets(groupId: string, topics: readonly string[], fromBeginning: boolean) {
    await this.prisma.$executeRaw`
      INSERT INTO platform.bus_group_offsets (group_id, topic, partition, next_offset)
      SELECT ${groupId}, p.topic, p.partition,
             CASE WHEN ${fromBeginning}::boolean THEN 0 ELSE p.next_offset END
      FROM platform.bus_partitions p WHERE p.topic = ANY(${[...topics]}::text[])
      ON CONFLICT DO NOTHING`;
  }

  /**
   * Takes (or renews) the leases of the wanted partitions that are free, expired or already
   * this member's; returns the partitions the member now holds among them.
   */
  async claim(
    groupId: string,
    memberId: string,
    wanted: readonly PartitionRef[],
    leaseMs: number,
  ): Promise<PartitionRef[]> {
    if (wanted.length === 0) return [];
    const rows = await this.prisma.$queryRaw<PartitionRef[]>`
      UPDATE platform.bus_group_offsets o
      SET owner = ${memberId}, lease_until = now() + ${ms(leaseMs)}::interval
      FROM unnest(${wanted.map((w) => w.topic)}::text[], ${wanted.map((w) => w.partition)}::int[])
        AS w(topic, partition)
      WHERE o.group_id = ${groupId} AND o.topic = w.topic AND o.partition = w.partition
        AND (o.owner IS NULL OR o.owner = ${memberId} OR o.lease_until < now())
      RETURNING o.topic, o.partition`;
    return rows.map((r) => ({ topic: r.topic, partition: Number(r.partition) }));
  }

  /** Gives leases back (none, when `partitions` is empty and `all` is false). */
  async release(
    groupId: string,
    memberId: string,
    partitions: readonly PartitionRef[] | 'all',
  ): Promise<void> {
    if (partitions === 'all') {
      await this.prisma.$executeRaw`
        UPDATE platform.bus_group_offsets SET owner = NULL, lease_until = NULL
        WHERE group_id = ${groupId} AND owner = ${memberId}`;
      return;
    }
    if (partitions.length === 0) return;
    await this.prisma.$executeRaw`
      UPDATE platform.bus_group_offsets o SET owner = NULL, lease_until = NULL
      FROM unnest(${partitions.map((p) => p.topic)}::text[],
                  ${partitions.map((p) => p.partition)}::int[]) AS w(topic, partition)
      WHERE o.group_id = ${groupId} AND o.topic = w.topic AND o.partition = w.partition
        AND o.owner = ${memberId}`;
  }

  async leave(groupId: string, memberId: string): Promise<void> {
    await this.release(groupId, memberId, 'all');
    await this.prisma.$executeRaw`
      DELETE FROM platform.bus_members WHERE group_id = ${groupId} AND member_id = ${memberId}`;
  }

  /**
   * Deletes messages past the limits, whatever the groups have consumed (as Kafka does). Each
   * rule is one statement over an index: age by `created_at`, count by the offset counter, size
   * by the running byte total.
   */
  async applyRetention(limits: RetentionLimits): Promise<number> {
    let deleted = 0;
    if (limits.maxAgeMs > 0) {
      deleted += await this.prisma.$executeRaw`
        DELETE FROM platform.bus_messages
        WHERE created_at < now() - ${ms(limits.maxAgeMs)}::interval`;
    }
    if (limits.maxMessagesPerPartition > 0) {
      deleted += await this.prisma.$executeRaw`
        DELETE FROM platform.bus_messages m USING platform.bus_partitions p
        WHERE m.topic = p.topic AND m.partition = p.partition
          AND m.msg_offset < p.next_offset - ${limits.maxMessagesPerPartition}::bigint`;
    }
    if (limits.maxBytesPerPartition > 0) {
      // A message goes when the messages after it already fill the budget.
      deleted += await this.prisma.$executeRaw`
        DELETE FROM platform.bus_messages m USING platform.bus_partitions p
        WHERE m.topic = p.topic AND m.partition = p.partition
          AND m.end_bytes <= p.total_bytes - ${limits.maxBytesPerPartition}::bigint`;
    }
    return deleted;
  }

  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }
}
