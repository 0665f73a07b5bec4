import { z } from 'zod';
import { AppError } from '@sextant/errors';
import { iso } from '../common.types';
import { driftDetected, rolledBack } from '@sextant/contracts';
import { aliasMoved, gateEvaluated, modelVersionRegistered } from '../events';

/**
 * The events a webhook may subscribe to: the registry's (MLflow 3's registry webhooks, our names),
 * and the alerts of the other domains — a monitor's drift alert and a deployment's rollback —
 * so that one signed, retried, logged delivery mechanism serves them all.
 */
export const WEBHOOK_EVENTS = [
  modelVersionRegistered,
  aliasMoved,
  gateEvaluated,
  driftDetected,
  rolledBack,
] as const;
export const WEBHOOK_EVENT_NAMES: readonly string[] = WEBHOOK_EVENTS.map((e) => e.name);
/** The event `webhooks.test` sends; it cannot be subscribed to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** A webhook's name: unique in its project. */
export const webhookName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}_\-. ]+$/u, 'only letters, digits, spaces and _ - . are allowed');
/** A webhook by name or id. */
export const webhookRef = z.string().trim().min(1).max(100);

const eventList = z
  .array(z.string().max(200))
  .min(1, 'subscribe to at least one event')
  .max(WEBHOOK_EVENTS.length * 4)
  .superRefine((events, ctx) => {
    events.forEach((name, i) => {
      if (!WEBHOOK_EVENT_NAMES.includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `unknown event "${name}" (known: ${WEBHOOK_EVENT_NAMES.join(', ')})`,
        });
      }
    });
  })
  .transform((events) => [...new Set(events)]);

export const createWebhookInput = z.object({
  name: webhookName,
  /** http(s) URL of the receiver; checked against the SSRF rules (see url-guard.ts). */
  url: z.string().trim().min(1).max(2048),
  events: eventList,
  description: z.string().max(2000).optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export const webhookRefInput = z.object({ webhook: webhookRef });

export const deliveriesInput = z.object({
  webhook: webhookRef,
  limit: z.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type DeliveriesInput = z.infer<typeof deliveriesInput>;

export const webhookSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  status: z.enum(['active', 'disabled']),
  description: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
});
export type WebhookSummary = z.infer<typeof webhookSummary>;

/** What `webhooks.create` answers: the only time the signing secret is shown. */
export const createdWebhook = webhookSummary.extend({
  /** The HMAC-SHA256 signing secret (`whsec_…`). Store it now: no later read returns it. */
  secret: z.string(),
});
export type CreatedWebhook = z.infer<typeof createdWebhook>;

export const attemptSummary = z.object({
  attempt: z.number().int(),
  /** The receiver's HTTP status, or null when there was no answer (see `error`). */
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: iso,
});
export type AttemptSummary = z.infer<typeof attemptSummary>;

export const deliverySummary = z.object({
  id: z.uuid(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attemptCount: z.number().int(),
  /** When the next attempt is due (null once succeeded or failed). */
  nextAttemptAt: iso.nullable(),
  createdAt: iso,
  updatedAt: iso,
  attempts: z.array(attemptSummary),
});
export type DeliverySummary = z.infer<typeof deliverySummary>;

export const deliveriesPage = z.object({
  deliveries: z.array(deliverySummary),
  nextCursor: z.string().nullable(),
});
export type DeliveriesPage = z.infer<typeof deliveriesPage>;

export const testResult = z.object({
  deliveryId: z.uuid(),
  /** The receiver answered 2xx. */
  ok: z.boolean(),
  attempt: attemptSummary,
});
export type TestResult = z.infer<typeof testResult>;

/** The body of every webhook request. `id` is the event's id (the same for every webhook). */
export interface WebhookBody {
  readonly id: string;
  readonly type: string;
  readonly createdAt: string;
  readonly data: unknown;
}

/** How a host configures webhooks (`createTrackingService({ webhooks })`). */
export interface WebhookOptions {
  /**
   * Lets webhooks target loopback, private, link-local, CGNAT, unique-local and other
   * special-purpose addresses (never unspecified, multicast or broadcast). Default false:
   * `SEXTANT_WEBHOOK_ALLOW_PRIVATE=1` sets it in the apps.
   */
  readonly allowPrivateTargets?: boolean;
  /** Attempts per delivery, the first included (default 5). */
  readonly maxAttempts?: number;
  /** Backoff after the first failed attempt, doubled after each (default 1000 ms). */
  readonly backoffBaseMs?: number;
  /** Largest backoff (default 300000 ms: 5 min). */
  readonly backoffMaxMs?: number;
  /** Time a receiver has to answer one request (default 10000 ms). */
  readonly timeoutMs?: number;
  /** How often the dispatcher looks for due deliveries when idle (default 1000 ms). */
  readonly pollIntervalMs?: number;
}

export type WebhookSettingsValues = Required<WebhookOptions>;

export const WEBHOOK_DEFAULTS: WebhookSettingsValues = {
  allowPrivateTargets: false,
  maxAttempts: 5,
  backoffBaseMs: 1000,
  backoffMaxMs: 300_000,
  timeoutMs: 10_000,
  pollIntervalMs: 1000,
};

/** Fills in the defaults; a value that is not a positive integer is a configuration error. */
export function resolveWebhookOptions(options: WebhookOptions = {}): WebhookSettingsValues {
  const values = { ...WEBHOOK_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof WebhookOptions, unknown][]) {
    if (value === undefined) continue;
    if (key === 'allowPrivateTargets') {
      if (typeof value !== 'boolean') {
        throw new AppError('CONFIG_INVALID', 'webhooks.allowPrivateTargets must be a boolean');
      }
      values.allowPrivateTargets = value;
    } else if (key in WEBHOOK_DEFAULTS) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
        throw new AppError('CONFIG_INVALID', `webhooks.${key} must be a positive integer`);
      }
      values[key] = value;
    }
  }
  if (values.backoffMaxMs < values.backoffBaseMs) {
    throw new AppError('CONFIG_INVALID', 'webhooks.backoffMaxMs must be ≥ webhooks.backoffBaseMs');
  }
  return values;
}
