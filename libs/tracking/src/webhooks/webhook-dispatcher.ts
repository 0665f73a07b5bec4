import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DATABASE, type NowClock } from '@sextant/api';
import { type Database, Transactor } from '@sextant/db';
import { checkWebhookUrl, type HostResolver, systemResolver } from './url-guard';
import { type SendResult, sendWebhookRequest } from './webhook-sender';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
} from './webhook-signature';
import { WebhookSettings } from './webhook-settings';
import { type ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

/** Deliveries claimed per round. */
export const DISPATCH_BATCH = 10;
/** How long past its timeout a claimed delivery stays leased to the dispatcher that took it. */
const LEASE_MARGIN_MS = 60_000;

/**
 * The wait before the next attempt after `failedAttempts` failures: exponential (base · 2^(n−1),
 * capped at `maxMs`) with "equal jitter" — half of it fixed, half random — so that receivers
 * coming back from an outage are not hit by every retry at once.
 */
export function backoffDelayMs(
  failedAttempts: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** What one request needs: where, the secret, and the delivery it belongs to. */
export interface OutgoingWebhook {
  readonly url: string;
  readonly secret: string;
  readonly deliveryId: string;
  readonly eventType: string;
  /** The JSON body `{ id, type, createdAt, data }`. */
  readonly body: unknown;
}

/**
 * Sends webhook deliveries: claims due ones in small batches, re-checks each target against the
 * SSRF rules (DNS may have changed since the webhook was created), POSTs the signed body to the
 * checked address, records every attempt, and schedules the next one with backoff until the
 * receiver answers 2xx or the attempts run out.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly tx: Transactor;
  /** Replaced by unit tests; the system resolver otherwise. */
  resolver: HostResolver = systemResolver;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: NowClock,
    private readonly webhooks: WebhooksRepository,
    private readonly settings: WebhookSettings,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  /** One signed POST; a target the guard refuses is a failed attempt without a request. */
  async send(out: OutgoingWebhook, signal?: AbortSignal): Promise<SendResult> {
    const started = performance.now();
    const { allowPrivateTargets, timeoutMs } = this.settings.values;
    const checked = await checkWebhookUrl(out.url, {
      allowPrivateTargets,
      resolve: this.resolver,
    });
    if (!checked.ok) {
      return {
        statusCode: null,
        error: `refused: ${checked.reason}`,
        durationMs: Math.round(performance.now() - started),
      };
    }
    const body = JSON.stringify(out.body);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const result = await sendWebhookRequest(
      checked.target,
      {
        body,
        headers: {
          'Content-Type': 'application/json',
          [SIGNATURE_HEADER]: signWebhookBody({ secret: out.secret, body, timestamp }),
          [EVENT_HEADER]: out.eventType,
          [DELIVERY_HEADER]: out.deliveryId,
        },
      },
      { timeoutMs, ...(signal ? { signal } : {}) },
    );
    return { ...result, durationMs: Math.round(performance.now() - started) };
  }

  /** Claims and attempts one batch of due deliveries; returns how many were claimed. */
  async runRound(signal?: AbortSignal): Promise<number> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + this.settings.values.timeoutMs + LEASE_MARGIN_MS);
    const claimed = await this.webhooks.claimDue(now, lease, DISPATCH_BATCH);
    await Promise.all(claimed.map((d) => this.attempt(d, signal)));
    return claimed.length;
  }

  private async attempt(delivery: ClaimedDelivery, signal?: AbortSignal): Promise<void> {
    const at = this.clock.now();
    const result = await this.send(
      {
        url: delivery.url,
        secret: delivery.secret,
        deliveryId: delivery.id,
        eventType: delivery.eventType,
        body: delivery.payload,
      },
      signal,
    );
    const number = delivery.attemptCount + 1;
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const { maxAttempts, backoffBaseMs, backoffMaxMs } = this.settings.values;
    const done = ok || number >= maxAttempts;
    const nextAttemptAt = done
      ? null
      : new Date(this.clock.now().getTime() + backoffDelayMs(number, backoffBaseMs, backoffMaxMs));
    await this.tx.run((tx) =>
      this.webhooks.recordAttempt(
        tx,
        delivery.id,
        {
          attempt: number,
          statusCode: result.statusCode,
          error: result.error?.slice(0, 1000) ?? null,
          durationMs: result.durationMs,
          at,
        },
        { status: ok ? 'succeeded' : done ? 'failed' : 'pending', nextAttemptAt },
      ),
    );
  }

  /**
   * The dispatcher loop: a round, then the next one at once when the batch was full, else after
   * the poll interval. `stop` ends it, aborting requests in flight (recorded as failed attempts
   * and retried later), and resolves once the current round is recorded.
   */
  start(log: (level: 'warn', message: string, fields?: Record<string, unknown>) => void): {
    stop(): Promise<void>;
  } {
    const abort = new AbortController();
    let wake: (() => void) | null = null;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    const loop = (async () => {
      while (!abort.signal.aborted) {
        let claimed = 0;
        try {
          claimed = await this.runRound(abort.signal);
        } catch (error) {
          log('warn', 'webhook dispatch round failed', { err: error });
        }
        if (abort.signal.aborted) break;
        if (claimed < DISPATCH_BATCH) await pause(this.settings.values.pollIntervalMs);
      }
    })();
    return {
      stop: async () => {
        abort.abort();
        (wake as (() => void) | null)?.();
        await loop;
      },
    };
  }
}
