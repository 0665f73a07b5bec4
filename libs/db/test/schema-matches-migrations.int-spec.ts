import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminDatabaseUrl } from '../src/testing';

const root = path.resolve(__dirname, '../../..');
const diffTool = path.join(root, 'prisma/engine/prisma-diff.mjs');

/** Runs Prisma's own migrate-diff (its engine as WebAssembly) from the migrations to a schema. */
function diff(schemaDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        diffTool,
        '--from-migrations',
        path.join(root, 'prisma/migrations'),
        '--to-schema',
        schemaDir,
        '--exit-code',
        '--shadow-url',
        adminDatabaseUrl(),
      ],
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the Prisma schema and the committed migrations', () => {
  it('agree: replaying the migrations gives exactly the schema', async () => {
    const result = await diff(path.join(root, 'prisma/schema'));
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, stdout: 'No difference detected.\n' });
  });

  it('disagree as soon as the schema changes without a migration', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sx-schema-'));
    try {
      await cp(path.join(root, 'prisma/schema'), dir, { recursive: true });
      await writeFile(
        path.join(dir, 'tracking.prisma'),
        'model Probe {\n  id Int @id\n\n  @@schema("tracking")\n}\n',
      );
      const result = await diff(dir);
      expect(result.code).toBe(2);
      expect(result.stdout).toContain('Probe');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
