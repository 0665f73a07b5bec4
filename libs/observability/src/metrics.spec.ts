import { Writable } from 'node:stream';
import { createLogger, createMetrics } from './index';

describe('observability', () => {
  it('renders Prometheus text with the default and HTTP metrics', async () => {
    const metrics = createMetrics({ service: 'tracking' });
    metrics.httpRequests.observe({ method: 'GET', route: '/healthz', status: '200' }, 0.002);
    const text = await metrics.render();
    expect(text).toContain('# TYPE sextant_http_request_duration_seconds histogram');
    expect(text).toMatch(
      /sextant_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} 1/,
    );
    expect(text).toContain('sextant_process_cpu_seconds_total');
  });

  it('logs JSON lines with the service name and redacts API keys', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ name: 'serving', destination: sink });
    log.info({ req: { headers: { authorization: 'Bearer sx_secret' } } }, 'hello');
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record['service']).toBe('serving');
    expect(record['msg']).toBe('hello');
    expect(JSON.stringify(record)).not.toContain('sx_secret');
  });
});
