import { Writable } from 'node:stream';
import { createLogger } from './logger';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines by default to a destination', () => {
    const out = sink();
    const log = createLogger({ name: 'serving', destination: out.stream });
    log.info({ runId: 'r1' }, 'hello');
    const record = JSON.parse(out.text()) as Record<string, unknown>;
    expect(record).toMatchObject({ service: 'serving', msg: 'hello', runId: 'r1', level: 30 });
  });

  it('writes human-readable lines when pretty, at once, with level, name, message and fields', () => {
    const out = sink();
    const log = createLogger({ name: 'tracking', destination: out.stream, pretty: true });
    log.warn({ runId: 'r1' }, 'slow query');
    const text = out.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN \(tracking\): slow query\n/);
    expect(text).toContain('runId: "r1"');
    expect(text).not.toContain('\x1b[');
  });

  it('redacts API keys in both formats', () => {
    for (const pretty of [false, true]) {
      const out = sink();
      const log = createLogger({ name: 'api', destination: out.stream, pretty });
      log.info({ req: { headers: { authorization: 'Bearer sx_secret' } } }, 'request');
      log.info({ body: { apiKey: 'sx_other_secret' } }, 'created');
      expect(out.text()).toContain('[redacted]');
      expect(out.text()).not.toContain('secret');
    }
  });

  it('logs to stdout human-readable when it is a terminal, JSON when not', () => {
    const isTTY = process.stdout.isTTY;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      for (const tty of [false, true]) {
        process.stdout.isTTY = tty;
        write.mockClear();
        createLogger({ name: 'cli' }).info('up');
        const written = write.mock.calls.map(([chunk]) => String(chunk)).join('');
        expect({ tty, json: written.startsWith('{') }).toEqual({ tty, json: !tty });
        expect(written).toContain('up');
      }
    } finally {
      process.stdout.isTTY = isTTY;
      write.mockRestore();
    }
  });
});
