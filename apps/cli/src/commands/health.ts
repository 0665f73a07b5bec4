import { SERVICE_NAMES, createClient } from '@sextant/client';

/** `sextant health [--url URL]`: each service's health through the API; exit 1 if one is not ok. */
export async function healthCommand(url: string): Promise<void> {
  const client = createClient({ url });
  let ok = true;
  for (const name of SERVICE_NAMES) {
    try {
      const h = await client[name].health.query();
      ok &&= h.status === 'ok';
      process.stdout.write(
        `${name.padEnd(11)} ${h.status.padEnd(9)} db=${h.db.kind}:${h.db.ok ? 'ok' : 'down'} bus=${h.bus.transport}:${h.bus.ok ? 'ok' : 'down'}\n`,
      );
    } catch (error) {
      ok = false;
      process.stdout.write(`${name.padEnd(11)} unreachable (${(error as Error).message})\n`);
    }
  }
  if (!ok) process.exitCode = 1;
}
