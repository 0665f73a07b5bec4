import { describe, expect, it } from '@jest/globals';
import { TRPCClientError } from '@sextant/client';
import { filterProblem, markPosition } from './filter-error';

/** An error as the client makes it from the API's answer (data as docs/decisions/0004). */
function apiError(message: string, data: unknown): TRPCClientError<never> {
  return TRPCClientError.from({ error: { message, code: -32600, data } }) as TRPCClientError<never>;
}

describe('filterProblem', () => {
  it('reads the message and position of a refused filter', () => {
    const message = 'Invalid filter at position 14: expected a comparison operator';
    const error = apiError(message, {
      httpStatus: 400,
      fields: [{ path: 'filter', message: 'expected a comparison operator' }],
      details: { position: 14 },
    });
    expect(filterProblem(error)).toEqual({ message, position: 14 });
  });

  it('has no position when the API gave none', () => {
    const error = apiError('bad', { httpStatus: 400, fields: [{ path: 'filter', message: 'x' }] });
    expect(filterProblem(error)).toEqual({ message: 'bad', position: null });
  });

  it('is null for other errors', () => {
    expect(filterProblem(new Error('offline'))).toBeNull();
    expect(
      filterProblem(
        apiError('bad cursor', { httpStatus: 400, fields: [{ path: 'cursor', message: 'x' }] }),
      ),
    ).toBeNull();
    expect(filterProblem(apiError('down', { httpStatus: 503, fields: [] }))).toBeNull();
  });
});

describe('markPosition', () => {
  it('cuts the filter around the faulty character', () => {
    expect(markPosition('metrics.auc 0.8', 12)).toEqual({
      before: 'metrics.auc ',
      at: '0',
      after: '.8',
    });
  });

  it('marks the end of the filter with a space', () => {
    expect(markPosition('metrics.auc >', 13)).toEqual({
      before: 'metrics.auc >',
      at: ' ',
      after: '',
    });
    expect(markPosition('ab', 99)).toEqual({ before: 'ab', at: ' ', after: '' });
  });
});
