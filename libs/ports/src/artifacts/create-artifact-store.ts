import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@sextant/errors';
import { normalizeArtifactPath } from './artifact-path';
import type { ArtifactStore } from './artifact-store.types';
import { FileArtifactStore } from './file-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

export interface ArtifactStoreConfig {
  /** `file:///abs/folder` or `s3://bucket/prefix`; unset: `<home>/artifacts`. */
  readonly url?: string | undefined;
  /** SEXTANT_HOME, resolved against the working folder when relative. */
  readonly home: string;
  readonly s3?: {
    readonly endpoint?: string | undefined;
    readonly region?: string | undefined;
    readonly accessKeyId?: string | undefined;
    readonly secretAccessKey?: string | undefined;
    readonly forcePathStyle?: boolean | undefined;
  };
  /** Where the S3 store spools uploads; defaults to the OS temp folder. */
  readonly spoolDir?: string | undefined;
}

/** The env fields of `serviceEnv` that configure the store, as @sextant/config parses them. */
export interface ArtifactStoreEnv {
  readonly SEXTANT_HOME: string;
  readonly SEXTANT_ARTIFACTS_URL?: string | undefined;
  readonly SEXTANT_S3_ENDPOINT?: string | undefined;
  readonly SEXTANT_S3_REGION?: string | undefined;
  readonly SEXTANT_S3_ACCESS_KEY_ID?: string | undefined;
  readonly SEXTANT_S3_SECRET_ACCESS_KEY?: string | undefined;
  readonly SEXTANT_S3_FORCE_PATH_STYLE?: boolean | undefined;
}

export function artifactStoreConfigFromEnv(env: ArtifactStoreEnv): ArtifactStoreConfig {
  return {
    url: env.SEXTANT_ARTIFACTS_URL,
    home: env.SEXTANT_HOME,
    s3: {
      endpoint: env.SEXTANT_S3_ENDPOINT,
      region: env.SEXTANT_S3_REGION,
      accessKeyId: env.SEXTANT_S3_ACCESS_KEY_ID,
      secretAccessKey: env.SEXTANT_S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.SEXTANT_S3_FORCE_PATH_STYLE,
    },
  };
}

// DNS-compatible bucket names (what virtual-host addressing and most stores require).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function configError(message: string): AppError {
  return new AppError('CONFIG_INVALID', `SEXTANT_ARTIFACTS_URL: ${message}`);
}

function parse(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw configError(
      `${JSON.stringify(raw)} is not a URL (expected file:///folder or s3://bucket/prefix)`,
    );
  }
}

/**
 * The artifact store the configuration names, chosen by URL scheme. Creating it does no I/O: the
 * file store makes its folder on first use, and the S3 store loads the AWS SDK on first use.
 */
export function createArtifactStore(config: ArtifactStoreConfig): ArtifactStore {
  if (config.url === undefined || config.url === '') {
    return new FileArtifactStore(path.resolve(config.home, 'artifacts'));
  }
  const url = parse(config.url);
  if (url.search || url.hash) throw configError('must have no query or fragment');
  switch (url.protocol) {
    case 'file:': {
      if (url.host !== '' && url.host !== 'localhost') {
        throw configError(`file URLs name a local folder (file:///abs/path), not host ${url.host}`);
      }
      return new FileArtifactStore(fileURLToPath(url));
    }
    case 's3:': {
      const bucket = url.hostname;
      if (!BUCKET.test(bucket)) {
        throw configError(
          `${JSON.stringify(bucket)} is not a valid bucket name (3–63 of a-z 0-9 . -)`,
        );
      }
      if (url.username || url.password || url.port) {
        throw configError(
          'credentials go in SEXTANT_S3_ACCESS_KEY_ID/SECRET_ACCESS_KEY, not the URL',
        );
      }
      // From the raw text: the URL parser would quietly resolve `a/../b` to `b`.
      const rawPath = /^s3:\/\/[^/]*(\/.*)?$/i.exec(config.url)?.[1] ?? '';
      const rawPrefix = rawPath.replace(/^\/+|\/+$/g, '');
      let prefix = '';
      if (rawPrefix !== '') {
        try {
          prefix = normalizeArtifactPath(rawPrefix);
        } catch (err) {
          throw configError(`invalid prefix: ${(err as Error).message}`);
        }
      }
      const s3 = config.s3 ?? {};
      return new S3ArtifactStore({
        bucket,
        prefix,
        ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
        ...(s3.region ? { region: s3.region } : {}),
        ...(s3.accessKeyId ? { accessKeyId: s3.accessKeyId } : {}),
        ...(s3.secretAccessKey ? { secretAccessKey: s3.secretAccessKey } : {}),
        ...(s3.forcePathStyle !== undefined ? { forcePathStyle: s3.forcePathStyle } : {}),
        ...(config.spoolDir ? { spoolDir: config.spoolDir } : {}),
      });
    }
    default:
      throw configError(
        `unsupported scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))} (expected file:// or s3://)`,
      );
  }
}
