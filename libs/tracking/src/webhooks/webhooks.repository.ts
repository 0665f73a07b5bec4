import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@sextant/api';
import type { Database, Prisma, Tx } from '@sextant/db';

export interface WebhookRow {
  id: string;
  projectId: string;
  name: string;
  url: string;
  events: string[];
  secret: string;
  status: 'active' | 'disabled';
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AttemptRow {
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

export interface DeliveryRow {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  attempts: AttemptRow[];
}

/** A due delivery claimed by the dispatcher, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  eventType: string;
  payload: Prisma.JsonValue;
  attemptCount: number;
  url: string;
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** tracking.webhooks, webhook_deliveries and webhook_attempts. */
@Injectable()
export class WebhooksRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** By id when `ref` is one of the project's webhook ids, else by name. */
  async find(projectId: string, ref: string, tx: Tx = this.db.prisma): Promise<WebhookRow | null> {
    if (UUID.test(ref)) {
      const byId = await tx.webhook.findFirst({ where: { id: ref, projectId } });
      if (byId) return byId;
    }
    return tx.webhook.findUnique({ where: { projectId_name: { projectId, name: ref } } });
  }

  list(projectId: string): Promise<WebhookRow[]> {
    return this.db.prisma.webhook.findMany({ where: { projectId }, orderBy: { name: 'asc' } });
  }

  create(
    tx: Tx,
    data: Omit<WebhookRow, 'id' | 'status' | 'createdAt' | 'updatedAt'> & {
      createdBy: string;
      now: Date;
    },
  ): Promise<WebhookRow> {
    const { now, ...rest } = data;
    return tx.webhook.create({ data: { ...rest, createdAt: now, updatedAt: now } });
  }

  setStatus(tx: Tx, id: string, status: WebhookRow['status'], now: Date): Promise<WebhookRow> {
    return tx.webhook.update({ where: { id }, data: { status, updatedAt: now } });
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.webhook.delete({ where: { id } });
  }

  /** The active webhooks of the project (by slug) subscribed to `eventType`. */
  subscribers(tx: Tx, projectSlug: string, eventType: string): Promise<{ id: string }[]> {
    return tx.$queryRaw<{ id: string }[]>`
      SELECT w.id FROM tracking.webhooks w JOIN platform.projects p ON p.id = w.project_id
      WHERE p.slug = ${projectSlug} AND w.status = 'active' AND ${eventType} = ANY (w.events)`;
  }

  /** One pending delivery per webhook; an event already delivered to a webhook is skipped. */
  async createDeliveries(
    tx: Tx,
    rows: readonly {
      webhookId: string;
      eventId: string;
      eventType: string;
      payload: Prisma.InputJsonValue;
      now: Date;
    }[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const created = await tx.webhookDelivery.createMany({
      data: rows.map((r) => ({
        webhookId: r.webhookId,
        eventId: r.eventId,
        eventType: r.eventType,
        payload: r.payload,
        nextAttemptAt: r.now,
        createdAt: r.now,
        updatedAt: r.now,
      })),
      skipDuplicates: true,
    });
    return created.count;
  }

  /** A delivery made and attempted at once (`webhooks.test`), already finished. */
  async createFinishedDelivery(
    tx: Tx,
    data: {
      /** The id its request carried in X-Sextant-Delivery. */
      id: string;
      webhookId: string;
      eventId: string;
      eventType: string;
      payload: Prisma.InputJsonValue;
      status: 'succeeded' | 'failed';
      attempt: AttemptRow;
      now: Date;
    },
  ): Promise<string> {
    const row = await tx.webhookDelivery.create({
      data: {
        id: data.id,
        webhookId: data.webhookId,
        eventId: data.eventId,
        eventType: data.eventType,
        payload: data.payload,
        status: data.status,
        attemptCount: 1,
        nextAttemptAt: null,
        createdAt: data.now,
        updatedAt: data.now,
        attempts: { create: [data.attempt] },
      },
    });
    return row.id;
  }

  /**
   * Claims up to `limit` due deliveries of active webhooks (`FOR UPDATE SKIP LOCKED`, so that
   * several dispatchers share the work) and leases them until `leaseUntil`: the request is sent
   * outside any transaction, and a dispatcher that dies mid-request leaves the delivery due again
   * once the lease runs out.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    const rows = await this.db.prisma.$queryRaw<
      {
        id: string;
        event_type: string;
        payload: Prisma.JsonValue;
        attempt_count: number;
        url: string;
        secret: string;
      }[]
    >`
      WITH due AS (
        SELECT d.id FROM tracking.webhook_deliveries d
        JOIN tracking.webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}::timestamptz
          AND w.status = 'active'
        ORDER BY d.next_attempt_at
        LIMIT ${limit}::int
        FOR UPDATE OF d SKIP LOCKED)
      UPDATE tracking.webhook_deliveries d
      SET next_attempt_at = ${leaseUntil}::timestamptz, updated_at = ${now}::timestamptz
      FROM due, tracking.webhooks w
      WHERE d.id = due.id AND w.id = d.webhook_id
      RETURNING d.id, d.event_type, d.payload, d.attempt_count, w.url, w.secret`;
    return rows.map((r) => ({
      id: r.id,
      eventType: r.event_type,
      payload: r.payload,
      attemptCount: Number(r.attempt_count),
      url: r.url,
      secret: r.secret,
    }));
  }

  /**
   * Records attempt `attempt.attempt` of a delivery and its new state, only if the delivery is
   * still pending at `attempt - 1` attempts (a lease that ran out may have let another dispatcher
   * take it): false when it was not.
   */
  async recordAttempt(
    tx: Tx,
    deliveryId: string,
    attempt: AttemptRow,
    next: { status: 'pending' | 'succeeded' | 'failed'; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, status: 'pending', attemptCount: attempt.attempt - 1 },
      data: {
        status: next.status,
        attemptCount: attempt.attempt,
        nextAttemptAt: next.nextAttemptAt,
        updatedAt: attempt.at,
      },
    });
    if (updated.count === 0) return false;
    await tx.webhookAttempt.create({ data: { deliveryId, ...attempt } });
    return true;
  }

  /** Newest first, with every attempt; `limit + 1` rows tell whether a next page exists. */
  deliveries(
    webhookId: string,
    limit: number,
    before: { createdAt: Date; id: string } | null,
  ): Promise<DeliveryRow[]> {
    return this.db.prisma.webhookDelivery.findMany({
      where: {
        webhookId,
        ...(before
          ? {
              OR: [
                { createdAt: { lt: before.createdAt } },
                { createdAt: before.createdAt, id: { lt: before.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      select: {
        id: true,
        webhookId: true,
        eventId: true,
        eventType: true,
        status: true,
        attemptCount: true,
        nextAttemptAt: true,
        createdAt: true,
        updatedAt: true,
        attempts: {
          orderBy: { attempt: 'asc' },
          select: { attempt: true, statusCode: true, error: true, durationMs: true, at: true },
        },
      },
    });
  }
}
