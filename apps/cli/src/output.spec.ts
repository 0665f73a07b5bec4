import { TRPCClientError } from '@sextant/client';
import { CliError, createOutput, reportOf } from './output';

function capture(json: boolean) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = createOutput(json, {
    stdout: { write: (s: string) => stdout.push(s) },
    stderr: { write: (s: string) => stderr.push(s) },
  });
  return { out, stdout: () => stdout.join(''), stderr: () => stderr.join('') };
}

describe('output', () => {
  it('prints the human lines by default and one JSON document with --json', () => {
    const human = capture(false);
    human.out.result({ a: 1 }, ['line one', 'line two']);
    expect(human.stdout()).toBe('line one\nline two\n');

    const json = capture(true);
    json.out.result({ a: 1 }, ['line one']);
    json.out.note('a prompt or a warning');
    expect(JSON.parse(json.stdout())).toEqual({ a: 1 });
    expect(json.stderr()).toBe('a prompt or a warning\n');
  });

  it('prints an error as {error} on stdout with --json, else on stderr, with its exit code', () => {
    const json = capture(true);
    expect(json.out.error(new CliError('bad flag', 'USAGE', 2))).toBe(2);
    expect(JSON.parse(json.stdout())).toEqual({ error: { message: 'bad flag', code: 'USAGE' } });

    const human = capture(false);
    expect(human.out.error(new Error('boom'))).toBe(1);
    expect(human.stdout()).toBe('');
    expect(human.stderr()).toBe('sextant: boom\n');
  });

  it('reports an API error with the server’s message, its AppError code first', () => {
    const error = TRPCClientError.from({
      error: {
        message: 'no such run',
        code: -32004,
        data: { code: 'NOT_FOUND', appCode: 'RUN_NOT_FOUND', httpStatus: 404 },
      },
    });
    expect(reportOf(error)).toEqual({
      message: 'no such run',
      code: 'RUN_NOT_FOUND',
      httpStatus: 404,
    });
  });
});
