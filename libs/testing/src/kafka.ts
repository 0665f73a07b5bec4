import { randomBytes } from 'node:crypto';
import { testEnv } from './env';

/** The broker integration tests use: $KAFKA_BROKERS, else the local one from infra/kafka. */
export function kafkaBrokers(): string[] {
  return testEnv.kafkaBrokers();
}

/** A name no earlier run used, so a topic or group starts empty. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Polls `check` until it returns true or `timeoutMs` passes; then throws with `what`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
