import { createMetrics } from './index';

describe('metrics', () => {
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
});
