import { SERVICE_NAMES } from '@sextant/client';
import { type CliContext, connect } from '../cli-context';
import { callApi } from '../connection';
import { reportOf } from '../output';

/** `sextant health`: each service's health through the API; exit 1 if one is not ok. */
export async function healthCommand(ctx: CliContext): Promise<void> {
  const connection = await connect(ctx);
  const services = [];
  const lines = [];
  for (const name of SERVICE_NAMES) {
    try {
      const h = await callApi(connection, (client) => client[name].health.query());
      services.push(h);
      lines.push(
        `${name.padEnd(11)} ${h.status.padEnd(9)} db=${h.db.kind}:${h.db.ok ? 'ok' : 'down'} bus=${h.bus.transport}:${h.bus.ok ? 'ok' : 'down'}`,
      );
    } catch (error) {
      const { message } = reportOf(error);
      services.push({ service: name, status: 'unreachable' as const, error: message });
      lines.push(`${name.padEnd(11)} unreachable (${message})`);
    }
  }
  const ok = services.every((s) => s.status === 'ok');
  ctx.out.result({ url: connection.url, ok, services }, lines);
  if (!ok) process.exitCode = 1;
}
