import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileArtifactStore, createArtifactStore } from '../src';
import {
  appError,
  artifactStoreContract,
  bytes,
  chunked,
  readAll,
  sha256,
} from './artifact-store-contract';

const folders: string[] = [];

async function tempFolder(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `sextant-${name}-`));
  folders.push(dir);
  return dir;
}

async function listFiles(root: string, under = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, under), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const rel = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, rel)));
    else files.push(rel);
  }
  return files.sort();
}

afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

artifactStoreContract('file:// in a temp folder', async () => {
  const root = await tempFolder('artifacts');
  return {
    store: createArtifactStore({ url: `file://${root}`, home: '/nonexistent' }),
    listStored: () => listFiles(root),
    expectedKey: (hex) => `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
  };
});

describe('file artifact store', () => {
  let root: string;
  let outside: string;
  let store: FileArtifactStore;

  beforeEach(async () => {
    root = await tempFolder('artifacts');
    outside = await tempFolder('outside');
    store = new FileArtifactStore(root);
  });

  it('defaults to SEXTANT_HOME/artifacts, made on first use', async () => {
    const home = path.join(await tempFolder('home'), 'not-yet');
    const defaultStore = createArtifactStore({ home });
    const data = bytes(1000);
    const { sha256: hex } = await defaultStore.put(chunked(data).body);
    const file = path.join(home, 'artifacts', 'sha256', hex.slice(0, 2), hex.slice(2, 4), hex);
    expect((await readFile(file)).equals(data)).toBe(true);
  });

  it('writes to a temp file and renames it into place only once the body is complete', async () => {
    const data = bytes(300_000);
    const hex = sha256(data);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let halfWritten!: () => void;
    const half = new Promise<void>((resolve) => (halfWritten = resolve));
    async function* slow() {
      yield data.subarray(0, 150_000);
      halfWritten();
      await released;
      yield data.subarray(150_000);
    }
    const putting = store.put(slow());
    await half;
    // Give the store time to write the first half.
    await new Promise((resolve) => setImmediate(resolve));
    const during = await listFiles(root);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^tmp\/[0-9a-f-]+\.part$/);
    expect(await store.has(hex)).toBe(false);
    release();
    await putting;
    expect(await listFiles(root)).toEqual([`sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`]);
  });

  describe('never leaves the root through a planted symlink', () => {
    const data = bytes(5000, 42);
    const hex = sha256(data);
    const [a, b] = [hex.slice(0, 2), hex.slice(2, 4)];

    it('refuses to put through a symlinked shard folder, writing nothing outside', async () => {
      await mkdir(path.join(root, 'sha256'), { recursive: true });
      await symlink(outside, path.join(root, 'sha256', a));
      const err = await appError(store.put(chunked(data).body));
      expect(err.code).toBe('INTERNAL');
      expect(err.message).toContain(`sha256/${a}`);
      expect(await listFiles(outside)).toEqual([]);
      expect(await readdir(outside)).toEqual([]);
      // The spooled temp file is gone too.
      expect((await listFiles(root)).filter((f) => f.startsWith('tmp/'))).toEqual([]);
    });

    it('refuses to put when the sha256 folder itself points outside', async () => {
      await symlink(outside, path.join(root, 'sha256'));
      expect((await appError(store.put(chunked(data).body))).code).toBe('INTERNAL');
      expect(await readdir(outside)).toEqual([]);
    });

    it('refuses to spool into a symlinked tmp folder', async () => {
      await symlink(outside, path.join(root, 'tmp'));
      expect((await appError(store.put(chunked(data).body))).code).toBe('INTERNAL');
      expect(await readdir(outside)).toEqual([]);
    });

    it('refuses to read, stat or delete through a symlinked shard folder', async () => {
      // A file outside the root, at the place the symlink would lead to.
      await mkdir(path.join(outside, b));
      await writeFile(path.join(outside, b, hex), 'secret outside the store');
      await mkdir(path.join(root, 'sha256'), { recursive: true });
      await symlink(outside, path.join(root, 'sha256', a));
      expect((await appError(store.get(hex))).code).toBe('INTERNAL');
      expect((await appError(store.stat(hex))).code).toBe('INTERNAL');
      expect((await appError(store.has(hex))).code).toBe('INTERNAL');
      expect((await appError(store.delete(hex))).code).toBe('INTERNAL');
      expect(await readFile(path.join(outside, b, hex), 'utf8')).toBe('secret outside the store');
    });

    it('does not follow a symlink planted as the artifact file, and a put replaces it', async () => {
      const secret = path.join(outside, 'secret.txt');
      await writeFile(secret, 'secret outside the store');
      await mkdir(path.join(root, 'sha256', a, b), { recursive: true });
      const leaf = path.join(root, 'sha256', a, b, hex);
      await symlink(secret, leaf);

      const err = await appError(store.get(hex));
      expect(err.code).toBe('INTERNAL');
      expect(err.message).not.toContain('secret outside');
      expect((await appError(store.stat(hex))).code).toBe('INTERNAL');

      expect(await store.put(chunked(data).body)).toEqual({ sha256: hex, size: data.length });
      expect(await readFile(secret, 'utf8')).toBe('secret outside the store');
      expect((await readAll(await store.get(hex))).equals(data)).toBe(true);

      // delete removes a planted link itself, never its target.
      await store.delete(hex);
      await symlink(secret, leaf);
      await store.delete(hex);
      expect(existsSync(leaf)).toBe(false);
      expect(await readFile(secret, 'utf8')).toBe('secret outside the store');
    });
  });
});
