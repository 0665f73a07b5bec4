import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'X-Sextant-Signature';
export const EVENT_HEADER = 'X-Sextant-Event';
export const DELIVERY_HEADER = 'X-Sextant-Delivery';

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

const hmac = (secret: string, timestamp: number, body: string | Buffer) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

/**
 * Signs one request (Stripe's scheme): HMAC-SHA256 keyed with the secret over
 * `"<timestamp>.<raw body>"`, sent as `t=<timestamp>,v1=<hex digest>`.
 */
export function signWebhookBody(input: {
  readonly secret: string;
  readonly body: string | Buffer;
  /** Unix seconds. */
  readonly timestamp: number;
}): string {
  return `t=${input.timestamp},v1=${hmac(input.secret, input.timestamp, input.body).toString('hex')}`;
}

/**
 * Verifies an `X-Sextant-Signature` header against the raw request body, as a receiver should:
 * true when one `v1` signature matches (compared in constant time) and the timestamp is within
 * `toleranceSeconds` of now (default 300; 0 or less turns the age check off). Pass the body
 * exactly as received — re-serialised JSON does not verify.
 */
export function verifyWebhookSignature(input: {
  readonly secret: string;
  readonly header: string | readonly string[] | null | undefined;
  readonly body: string | Buffer;
  readonly toleranceSeconds?: number;
  /** Unix seconds; default the system clock. */
  readonly now?: number;
}): boolean {
  const header = Array.isArray(input.header) ? input.header[0] : input.header;
  if (typeof header !== 'string' || header.length > 4096) return false;
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === null || signatures.length === 0) return false;
  const tolerance = input.toleranceSeconds ?? 300;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Math.abs(now - timestamp) > tolerance) return false;
  const expected = hmac(input.secret, timestamp, input.body);
  return signatures.some((s) => timingSafeEqual(s, expected));
}
