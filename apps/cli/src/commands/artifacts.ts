import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { RouterOutputs } from '@sextant/client';
import {
  type StoredArtifact,
  TrackingHttpError,
  getArtifact,
  putArtifact,
} from '@sextant/client/training';
import type { CliContext } from '../cli-context';
import { CliError, networkReason } from '../output';
import { type CommandArgs, stringValue } from '../tracking/args';
import { type TrackingSession, openSession } from '../tracking/context';
import { clean, formatBytes, formatTime, shortId, table } from '../tracking/format';
import {
  type LocalFile,
  type Skipped,
  filesUnder,
  kindOf,
  openInside,
  openRegularFile,
  removeQuietly,
} from '../tracking/local-files';
import { resolveRunId } from '../tracking/run-ref';

type ArtifactSummary = RouterOutputs['tracking']['artifacts']['list'][number];

/** Uploads or downloads at once. */
const CONCURRENCY = 4;

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/** A plain-HTTP failure as the CLI reports API errors: the server's message and code. */
function httpFailure(error: unknown, url: string): never {
  if (error instanceof TrackingHttpError) {
    throw new CliError(
      error.message,
      error.data?.appCode ?? error.data?.code ?? `HTTP_${error.status}`,
    );
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    throw new CliError(`cannot reach the API at ${url} (${networkReason(error)})`, 'UNREACHABLE');
  }
  throw error;
}

/** The run, checked to exist before anything is streamed to it. */
async function requireRun(session: TrackingSession, ref: string) {
  const runId = await resolveRunId(session, ref);
  return session.call((client) =>
    client.tracking.runs.get.query({ project: session.project, runId }),
  );
}

/** `a/b/` and `./a/b` name the folder `a/b`; `.` or `/` the whole run. */
function artifactFolder(text: string): string {
  return text
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/^\.$/, '');
}

/**
 * `sextant artifacts put <runId> <localFileOrDir> [<artifactPath>]`: uploads a file (as
 * `artifactPath`, default its name; a path ending in `/` is a folder for it) or a folder's files
 * recursively under `artifactPath` (default the run's root), keeping their relative paths.
 * Symbolic links are never followed: one inside the folder is skipped with a warning, and one
 * given as the file is refused (exit 1), so nothing outside the folder leaves the machine.
 */
export async function artifactsPutCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const [ref, local, target] = args.positionals as [string, string, string | undefined];
  const kind = await kindOf(local);
  if (kind === 'symlink') {
    throw new CliError(`${local} is a symbolic link: not followed, nothing uploaded`, 'SYMLINK');
  }
  if (kind === 'other')
    throw new CliError(`${local} is not a regular file or folder`, 'NOT_A_FILE');
  let files: LocalFile[];
  let skipped: Skipped[] = [];
  if (kind === 'dir') {
    ({ files, skipped } = await filesUnder(local));
  } else {
    files = [{ file: local, relative: path.basename(local) }];
  }
  const artifactPathOf = (f: LocalFile): string => {
    if (kind === 'file' && target !== undefined && !target.endsWith('/')) return target;
    const folder = target === undefined ? '' : artifactFolder(target);
    return folder ? `${folder}/${f.relative}` : f.relative;
  };

  const session = await openSession(ctx, args);
  const run = await requireRun(session, ref);
  for (const s of skipped) ctx.out.note(`warning: skipped ${s.file} (${s.reason})`);
  const uploaded: StoredArtifact[] = [];
  await eachLimited(files, async (f) => {
    const artifactPath = artifactPathOf(f);
    const stored = await putArtifact(session.connection, run.id, artifactPath, () =>
      openRegularFile(f.file),
    ).catch((error: unknown) => httpFailure(error, session.connection.url));
    uploaded.push(stored);
  });
  uploaded.sort((a, b) => (a.path < b.path ? -1 : 1));
  const lines = uploaded.map(
    (a) => `uploaded ${clean(a.path)} (${formatBytes(a.size)}, sha256 ${a.sha256.slice(0, 12)})`,
  );
  lines.push(
    `${uploaded.length} file${uploaded.length === 1 ? '' : 's'} uploaded to run ${shortId(run.id)}${skipped.length ? `, ${skipped.length} skipped` : ''}`,
  );
  ctx.out.result({ runId: run.id, uploaded, skipped }, lines);
}

/** Streams one artifact into `root/relative`, checking its size and sha256 against the listing. */
async function download(
  session: TrackingSession,
  runId: string,
  artifact: ArtifactSummary,
  root: string,
  relative: string,
): Promise<string> {
  const response = await getArtifact(session.connection, runId, artifact.path).catch(
    (error: unknown) => httpFailure(error, session.connection.url),
  );
  const handle = await openInside(root, relative).catch(async (error: unknown) => {
    await response.body?.cancel().catch(() => undefined);
    throw error;
  });
  const file = path.join(root, ...relative.split('/'));
  const hash = createHash('sha256');
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    const body = response.body
      ? Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>)
      : Readable.from([]);
    await pipeline(body, check, handle.createWriteStream());
    const sha256 = hash.digest('hex');
    if (size !== artifact.size || sha256 !== artifact.sha256) {
      throw new CliError(
        `${artifact.path} arrived damaged (${size} bytes, sha256 ${sha256}; expected ${artifact.size}, ${artifact.sha256})`,
        'CORRUPT',
      );
    }
  } catch (error) {
    await removeQuietly(file);
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
  return file;
}

/**
 * `sextant artifacts get <runId> <artifactPath> [<dest>]`: downloads a file (to `dest`: a file
 * name, or a folder when it exists or ends with `/`; default the current folder) or, for a
 * folder path, every file under it into `dest` (default a folder named like it). Each file is
 * checked against its sha256. Nothing is written outside `dest`, and never through a symbolic
 * link found there.
 */
export async function artifactsGetCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const [ref, wanted, dest] = args.positionals as [string, string, string | undefined];
  const folder = artifactFolder(wanted);
  const session = await openSession(ctx, args);
  const runId = await resolveRunId(session, ref);
  // The folder the path is in: it lists the file itself and, if the path is a folder, its files.
  const parent = folder?.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : undefined;
  const listed = await session.call((client) =>
    client.tracking.artifacts.list.query({
      project: session.project,
      runId,
      ...(parent ? { prefix: parent } : {}),
    }),
  );
  const exact = wanted.endsWith('/') ? undefined : listed.find((a) => a.path === folder);
  const written: { path: string; file: string; size: number; sha256: string }[] = [];

  if (exact) {
    let root: string;
    let name: string;
    const destStats = dest === undefined ? null : await stat(dest).catch(() => null);
    if (dest === undefined) {
      root = process.cwd();
      name = path.posix.basename(exact.path);
    } else if (destStats?.isDirectory() || dest.endsWith('/') || dest.endsWith(path.sep)) {
      root = path.resolve(dest);
      name = path.posix.basename(exact.path);
      await mkdir(root, { recursive: true });
    } else {
      root = path.resolve(path.dirname(dest));
      name = path.basename(dest);
      await mkdir(root, { recursive: true });
    }
    const file = await download(session, runId, exact, root, name);
    written.push({ path: exact.path, file, size: exact.size, sha256: exact.sha256 });
  } else {
    const under = folder ? listed.filter((a) => a.path.startsWith(`${folder}/`)) : listed;
    if (!under.length) {
      throw new CliError(
        `run ${shortId(runId)} has no artifact or folder "${clean(wanted)}"`,
        'NOT_FOUND',
      );
    }
    const root = path.resolve(dest ?? (folder ? path.posix.basename(folder) : '.'));
    await mkdir(root, { recursive: true });
    // One at a time per folder chain would be safest; files are independent, so a few at once.
    await eachLimited(under, async (a) => {
      const relative = folder ? a.path.slice(folder.length + 1) : a.path;
      const file = await download(session, runId, a, root, relative);
      written.push({ path: a.path, file, size: a.size, sha256: a.sha256 });
    });
    written.sort((a, b) => (a.path < b.path ? -1 : 1));
  }
  ctx.out.result(
    { runId, files: written },
    written.map((w) => `${clean(w.path)} -> ${clean(w.file)} (${formatBytes(w.size)})`),
  );
}

/** `sextant artifacts list <runId> [--prefix P]`: path, size, sha256 and time of each artifact. */
export async function artifactsListCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const runId = await resolveRunId(session, args.positionals[0]!);
  const prefix = stringValue(args, 'prefix');
  const artifacts = await session.call((client) =>
    client.tracking.artifacts.list.query({
      project: session.project,
      runId,
      ...(prefix ? { prefix } : {}),
    }),
  );
  const lines = artifacts.length
    ? table(
        ['PATH', 'SIZE', 'SHA256', 'CREATED (UTC)'],
        artifacts.map((a) => [
          a.path,
          formatBytes(a.size),
          a.sha256.slice(0, 12),
          formatTime(a.createdAt),
        ]),
      )
    : [`run ${shortId(runId)} has no artifacts${prefix ? ` under "${clean(prefix)}"` : ''}`];
  ctx.out.result({ runId, artifacts }, lines);
}
