import { constants, createReadStream } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { AppError } from '@sextant/errors';
import type {
  ArtifactBody,
  ArtifactStore,
  GetArtifactOptions,
  PutArtifactOptions,
  StoredArtifact,
} from './artifact-store.types';
import {
  O_NOFOLLOW,
  checkPutOptions,
  checkRange,
  keySegments,
  rangeNotSatisfiable,
  spool,
} from './content-address';

const TMP = 'tmp';

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function outsideStore(relative: string): AppError {
  return new AppError(
    'INTERNAL',
    `Artifact store: ${relative} is not a plain folder or file inside the store (a symlink?); refusing to follow it`,
  );
}

/**
 * Artifacts as files under one root: `<root>/sha256/ab/cd/<hex>`, written to `<root>/tmp` and
 * renamed into place (atomic on one filesystem). Nothing is read or written outside the root, even
 * through a symlink planted inside it: folders are checked with lstat/realpath and files are opened
 * with O_NOFOLLOW.
 */
export class FileArtifactStore implements ArtifactStore {
  readonly url: string;
  private readonly root: string;
  private ready: Promise<string> | undefined;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.url = pathToFileURL(this.root).href;
  }

  async put(body: ArtifactBody, options: PutArtifactOptions = {}): Promise<StoredArtifact> {
    checkPutOptions(options);
    const root = await this.realRoot();
    const tmp = await this.plainDir(root, [TMP]);
    const spooled = await spool(body, tmp, options);
    try {
      const [algo, a, b, hex] = keySegments(spooled.sha256);
      const dir = await this.plainDir(root, [algo, a, b]);
      const target = path.join(dir, hex);
      const existing = await lstat(target).catch(() => undefined);
      if (existing?.isFile()) {
        // Same hash, same bytes: keep the stored copy (idempotent put).
        await rm(spooled.file, { force: true });
      } else {
        // rename replaces a planted symlink itself; it never writes through it.
        await rename(spooled.file, target);
      }
      return { sha256: spooled.sha256, size: spooled.size };
    } catch (err) {
      await rm(spooled.file, { force: true });
      throw err;
    }
  }

  async get(sha256: string, options: GetArtifactOptions = {}): Promise<Readable> {
    checkRange(options.range);
    const file = await this.locate(sha256);
    let handle;
    try {
      handle = await open(file, constants.O_RDONLY | O_NOFOLLOW);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw notFound(sha256);
      if (errnoCode(err) === 'ELOOP') throw outsideStore(keySegments(sha256).join('/'));
      throw err;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw outsideStore(keySegments(sha256).join('/'));
      const range = options.range;
      if (range && range.start >= info.size) throw rangeNotSatisfiable(range, info.size);
      return createReadStream('', {
        fd: handle,
        ...(range
          ? { start: range.start, end: Math.min(range.end ?? Infinity, info.size - 1) }
          : {}),
      });
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async stat(sha256: string): Promise<{ size: number } | null> {
    const file = await this.locate(sha256);
    const info = await lstat(file).catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    });
    if (info === null) return null;
    if (!info.isFile()) throw outsideStore(keySegments(sha256).join('/'));
    return { size: info.size };
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async delete(sha256: string): Promise<void> {
    const file = await this.locate(sha256);
    // unlink removes a symlink itself, never its target.
    await unlink(file).catch((err: unknown) => {
      if (errnoCode(err) !== 'ENOENT') throw err;
    });
  }

  /** The real path of the root, created on first use. */
  private realRoot(): Promise<string> {
    this.ready ??= mkdir(this.root, { recursive: true }).then(() => realpath(this.root));
    const ready = this.ready;
    ready.catch(() => {
      if (this.ready === ready) this.ready = undefined;
    });
    return ready;
  }

  /**
   * Creates `root/<segments…>` one level at a time (a recursive mkdir would follow a planted
   * symlink and create folders outside the root) and refuses any level that is not a plain folder.
   */
  private async plainDir(root: string, segments: readonly string[]): Promise<string> {
    let dir = root;
    for (const [i, segment] of segments.entries()) {
      dir = path.join(dir, segment);
      await mkdir(dir).catch((err: unknown) => {
        if (errnoCode(err) !== 'EEXIST') throw err;
      });
      const info = await lstat(dir);
      if (!info.isDirectory()) throw outsideStore(segments.slice(0, i + 1).join('/'));
    }
    return dir;
  }

  /**
   * The artifact's path, once its folder is known to resolve inside the root. Missing folders are
   * fine (the artifact is just absent); a folder that resolves elsewhere is refused.
   */
  private async locate(sha256: string): Promise<string> {
    const [algo, a, b, hex] = keySegments(sha256);
    const root = await this.realRoot();
    const dir = path.join(root, algo, a, b);
    const real = await realpath(dir).catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return dir;
      throw err;
    });
    if (real !== dir) throw outsideStore([algo, a, b].join('/'));
    return path.join(dir, hex);
  }
}

function notFound(sha256: string): AppError {
  return new AppError('NOT_FOUND', `Artifact ${sha256} not found`);
}
