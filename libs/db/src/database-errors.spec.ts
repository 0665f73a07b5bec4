import { AppError } from '@sextant/errors';
import { databaseErrorToAppError, fieldOfUniqueIndex } from './database-errors';
import { Prisma } from './generated/prisma/client';

const known = (code: string, meta: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('x', { code, clientVersion: '7', meta });

describe('database errors', () => {
  it('name the field of a unique index from Prisma’s index naming', () => {
    expect(fieldOfUniqueIndex('projects_slug_key', 'projects')).toBe('slug');
    expect(fieldOfUniqueIndex('users_email_key', 'platform.users')).toBe('email');
    expect(fieldOfUniqueIndex('runs_experiment_id_name_key', 'runs')).toBe('experimentIdName');
    expect(fieldOfUniqueIndex('experiments_project_id_name_key', 'tracking.experiments')).toBe(
      'name',
    );
  });

  it('map a unique violation (as the pg driver adapter reports it) to a 409 naming the field', () => {
    const error = databaseErrorToAppError(
      known('P2002', {
        driverAdapterError: {
          cause: {
            kind: 'UniqueConstraintViolation',
            constraint: { index: 'projects_slug_key' },
            table: 'projects',
          },
        },
      }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CONFLICT', status: 409, fields: [{ path: 'slug' }] });
  });

  it('map a missing row to 404 and an unreachable database or pool timeout to a retryable 503', () => {
    expect(databaseErrorToAppError(known('P2025', {}))?.status).toBe(404);
    const down = databaseErrorToAppError(
      known('P1001', { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } }),
    );
    expect(down).toMatchObject({ status: 503, retryable: true });
    expect(databaseErrorToAppError(known('P2024', {}))?.status).toBe(503);
    expect(
      databaseErrorToAppError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))?.status,
    ).toBe(503);
  });

  it('leave everything else to the caller', () => {
    expect(databaseErrorToAppError(new Error('boom'))).toBeNull();
    expect(databaseErrorToAppError(known('P2003', {}))).toBeNull();
  });
});
