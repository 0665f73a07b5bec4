import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Caller,
  DATABASE,
  type NowClock,
  type ProjectScope,
  recordAudit,
} from '@sextant/api';
import type { Envelope } from '@sextant/bus';
import { type Database, type Prisma, Transactor, type Tx } from '@sextant/db';
import { AppError } from '@sextant/errors';
import { checkWebhookUrl } from './url-guard';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSettings } from './webhook-settings';
import { generateWebhookSecret } from './webhook-signature';
import { type DeliveryRow, type WebhookRow, WebhooksRepository } from './webhooks.repository';
import {
  type CreateWebhookInput,
  type CreatedWebhook,
  type DeliveriesInput,
  type DeliveriesPage,
  type DeliverySummary,
  type TestResult,
  WEBHOOK_TEST_EVENT,
  type WebhookBody,
  type WebhookSummary,
} from './webhooks.types';

function webhookNotFound(ref: string): AppError {
  return new AppError('NOT_FOUND', `Webhook "${ref}" not found`, {
    fields: [{ path: 'webhook', message: `no webhook "${ref}" in this project` }],
  });
}

function toSummary(w: WebhookRow): WebhookSummary {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    events: [...w.events],
    status: w.status,
    description: w.description,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

function toDelivery(d: DeliveryRow): DeliverySummary {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    attempts: d.attempts.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}

function encodeCursor(d: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ c: d.createdAt.toISOString(), i: d.id })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (cursor === undefined) return null;
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const c = (typeof parsed === 'object' ? parsed : null) as { c?: unknown; i?: unknown } | null;
  const at = typeof c?.c === 'string' ? new Date(c.c) : null;
  const id = c?.i;
  if (!at || Number.isNaN(at.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('BAD_REQUEST', 'Invalid cursor: not from a previous page of deliveries', {
      fields: [{ path: 'cursor', message: 'not from a previous page of deliveries' }],
    });
  }
  return { createdAt: at, id };
}

/**
 * Registry webhooks: a project's subscriptions to registry events, POSTed signed to a URL that
 * passes the SSRF guard. Events become deliveries (`enqueueForEvent`, from the bus consumer); the
 * WebhookDispatcher sends them.
 */
@Injectable()
export class WebhooksService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly webhooks: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly settings: WebhookSettings,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  private async require(scope: ProjectScope, ref: string): Promise<WebhookRow> {
    const row = await this.webhooks.find(scope.id, ref);
    if (!row) throw webhookNotFound(ref);
    return row;
  }

  /** 400 naming `url` when the URL breaks the SSRF rules. */
  private async checkUrl(url: string): Promise<void> {
    const checked = await checkWebhookUrl(url, {
      allowPrivateTargets: this.settings.values.allowPrivateTargets,
      resolve: this.dispatcher.resolver,
    });
    if (!checked.ok) {
      throw new AppError('BAD_REQUEST', `Invalid input: url: ${checked.reason}`, {
        fields: [{ path: 'url', message: checked.reason }],
      });
    }
  }

  /** Creates an active webhook; the answer is the only one that shows its secret. */
  async create(
    caller: Caller,
    scope: ProjectScope,
    input: CreateWebhookInput,
  ): Promise<CreatedWebhook> {
    await this.checkUrl(input.url);
    const row = await this.tx.run(async (tx) => {
      const created = await this.webhooks.create(tx, {
        projectId: scope.id,
        name: input.name,
        url: input.url,
        events: input.events,
        secret: generateWebhookSecret(),
        description: input.description ?? null,
        createdBy: caller.userId,
        now: this.clock.now(),
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.webhook-created',
        target: created.id,
        after: { name: created.name, url: created.url, events: created.events },
      });
      return created;
    });
    return { ...toSummary(row), secret: row.secret };
  }

  async list(scope: ProjectScope): Promise<WebhookSummary[]> {
    return (await this.webhooks.list(scope.id)).map(toSummary);
  }

  /** Disables or enables a webhook; enabling checks its URL again. A no-op is not audited. */
  async setStatus(
    caller: Caller,
    scope: ProjectScope,
    ref: string,
    status: 'active' | 'disabled',
  ): Promise<WebhookSummary> {
    const current = await this.require(scope, ref);
    if (current.status === status) return toSummary(current);
    if (status === 'active') await this.checkUrl(current.url);
    const row = await this.tx.run(async (tx) => {
      const updated = await this.webhooks.setStatus(tx, current.id, status, this.clock.now());
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: status === 'active' ? 'tracking.webhook-enabled' : 'tracking.webhook-disabled',
        target: current.id,
        before: { status: current.status },
        after: { status },
      });
      return updated;
    });
    return toSummary(row);
  }

  /** Deletes a webhook and its delivery log. */
  async delete(caller: Caller, scope: ProjectScope, ref: string): Promise<WebhookSummary> {
    const current = await this.require(scope, ref);
    await this.tx.run(async (tx) => {
      await this.webhooks.delete(tx, current.id);
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.webhook-deleted',
        target: current.id,
        before: { name: current.name, url: current.url, events: current.events },
      });
    });
    return toSummary(current);
  }

  /**
   * Sends a `webhook.test` event now (once, no retries; a disabled webhook too) and answers the
   * attempt's outcome; the delivery is kept in the log like any other.
   */
  async test(caller: Caller, scope: ProjectScope, ref: string): Promise<TestResult> {
    const webhook = await this.require(scope, ref);
    const now = this.clock.now();
    const eventId = randomUUID();
    const deliveryId = randomUUID();
    const body: WebhookBody = {
      id: eventId,
      type: WEBHOOK_TEST_EVENT,
      createdAt: now.toISOString(),
      data: { project: scope.slug, webhook: { id: webhook.id, name: webhook.name } },
    };
    const result = await this.dispatcher.send({
      url: webhook.url,
      secret: webhook.secret,
      deliveryId,
      eventType: WEBHOOK_TEST_EVENT,
      body,
    });
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const attempt = {
      attempt: 1,
      statusCode: result.statusCode,
      error: result.error?.slice(0, 1000) ?? null,
      durationMs: result.durationMs,
      at: now,
    };
    await this.tx.run(async (tx) => {
      await this.webhooks.createFinishedDelivery(tx, {
        id: deliveryId,
        webhookId: webhook.id,
        eventId,
        eventType: WEBHOOK_TEST_EVENT,
        payload: body as unknown as Prisma.InputJsonValue,
        status: ok ? 'succeeded' : 'failed',
        attempt,
        now,
      });
      await recordAudit(tx, {
        actor: caller,
        project: scope.id,
        action: 'tracking.webhook-tested',
        target: webhook.id,
        after: { deliveryId, statusCode: result.statusCode, error: attempt.error },
      });
    });
    return { deliveryId, ok, attempt: { ...attempt, at: now.toISOString() } };
  }

  async deliveries(scope: ProjectScope, input: DeliveriesInput): Promise<DeliveriesPage> {
    const webhook = await this.require(scope, input.webhook);
    const rows = await this.webhooks.deliveries(
      webhook.id,
      input.limit,
      decodeCursor(input.cursor),
    );
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return {
      deliveries: page.map(toDelivery),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * The bus consumer's effect, inside its transaction: one pending delivery per active webhook of
   * the event's project subscribed to its type (idempotent per webhook and event).
   */
  async enqueueForEvent(tx: Tx, envelope: Envelope<{ readonly project: string }>): Promise<number> {
    const subscribers = await this.webhooks.subscribers(
      tx,
      envelope.payload.project,
      envelope.type,
    );
    const now = this.clock.now();
    const body: WebhookBody = {
      id: envelope.id,
      type: envelope.type,
      createdAt: envelope.occurredAt,
      data: envelope.payload,
    };
    return this.webhooks.createDeliveries(
      tx,
      subscribers.map((s) => ({
        webhookId: s.id,
        eventId: envelope.id,
        eventType: envelope.type,
        payload: body as unknown as Prisma.InputJsonValue,
        now,
      })),
    );
  }
}
