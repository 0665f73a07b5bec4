import { AppError, ERROR_CODES, describeFields } from './index';

describe('AppError', () => {
  it('takes its HTTP status and retryability from the one table', () => {
    const err = new AppError('NOT_FOUND', 'run r1 not found');
    expect(err.status).toBe(404);
    expect(err.mapping.trpc).toBe('NOT_FOUND');
    expect(err.retryable).toBe(false);
    expect(new AppError('UNAVAILABLE', 'db down').retryable).toBe(true);
  });

  it('names each invalid field', () => {
    const err = new AppError('BAD_REQUEST', 'invalid input', {
      fields: [
        { path: 'name', message: 'Required' },
        { path: 'params.lr', message: 'Expected number' },
      ],
    });
    expect(describeFields(err.fields)).toBe('name: Required; params.lr: Expected number');
  });

  it('maps every code to a 4xx or 5xx status', () => {
    for (const [code, m] of Object.entries(ERROR_CODES)) {
      expect([code, m.status >= 400 && m.status < 600]).toEqual([code, true]);
    }
  });
});
