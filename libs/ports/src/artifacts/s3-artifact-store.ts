import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
// Types only: the SDK itself (~100 ms to load) is imported on first use, so processes on the
// default file store never pay for it.
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { AppError } from '@sextant/errors';
import type {
  ArtifactBody,
  ArtifactStore,
  GetArtifactOptions,
  PutArtifactOptions,
  StoredArtifact,
} from './artifact-store.types';
import { checkPutOptions, checkRange, keySegments, spool } from './content-address';

type Sdk = typeof S3Sdk;

export interface S3ArtifactStoreOptions {
  readonly bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket's root. */
  readonly prefix?: string;
  /** An S3-compatible endpoint (MinIO, Ceph, R2, s3rver…); unset: AWS. */
  readonly endpoint?: string;
  /** Defaults to us-east-1. */
  readonly region?: string;
  /** Both or neither; neither: the SDK's default credential chain. */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** `bucket` in the path instead of the host name; most self-hosted stores need it. */
  readonly forcePathStyle?: boolean;
  /** Where bodies are spooled before upload; defaults to the OS temp folder. */
  readonly spoolDir?: string;
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function errorName(err: unknown): string | undefined {
  return (err as { name?: string } | null)?.name;
}

/** SDK and network failures as AppErrors: an outage is retryable, anything else is ours. */
function mapError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const status = httpStatus(err);
  const name = errorName(err) ?? 'Error';
  const message = err instanceof Error ? err.message : String(err);
  if (status === undefined || status >= 500 || name === 'SlowDown') {
    return new AppError('UNAVAILABLE', `Artifact store unavailable (${what}): ${message}`, {
      cause: err,
    });
  }
  return new AppError('INTERNAL', `Artifact store refused ${what}: ${name} ${status}`, {
    cause: err,
  });
}

function isMissing(err: unknown): boolean {
  const name = errorName(err);
  return httpStatus(err) === 404 || name === 'NoSuchKey' || name === 'NotFound';
}

/**
 * Artifacts as objects `<prefix>/sha256/ab/cd/<hex>` in one bucket. A body is spooled to a local
 * temp file first (hashed and size-checked on the way), then sent with one PutObject of known
 * length: the key is the hash, known only at the end, and S3 cannot rename an object.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly url: string;
  private readonly options: S3ArtifactStoreOptions;
  private readonly prefix: string;
  private client: Promise<{ sdk: Sdk; s3: S3Client }> | undefined;

  constructor(options: S3ArtifactStoreOptions) {
    if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
      throw new AppError(
        'CONFIG_INVALID',
        'S3 credentials need both SEXTANT_S3_ACCESS_KEY_ID and SEXTANT_S3_SECRET_ACCESS_KEY',
      );
    }
    this.options = options;
    this.prefix = options.prefix ? `${options.prefix}/` : '';
    this.url = `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}`;
  }

  async put(body: ArtifactBody, options: PutArtifactOptions = {}): Promise<StoredArtifact> {
    checkPutOptions(options);
    const dir = await mkdtemp(path.join(this.options.spoolDir ?? os.tmpdir(), 'sextant-s3-'));
    try {
      const spooled = await spool(body, dir, options);
      const { sdk, s3 } = await this.connect();
      const Key = this.key(spooled.sha256);
      const stored = await this.head(Key);
      if (stored === null) {
        await s3
          .send(
            new sdk.PutObjectCommand({
              Bucket: this.options.bucket,
              Key,
              Body: createReadStream(spooled.file),
              ContentLength: spooled.size,
              ContentType: 'application/octet-stream',
              // The store checks the bytes it received against the hash we computed.
              ChecksumSHA256: Buffer.from(spooled.sha256, 'hex').toString('base64'),
            }),
          )
          .catch((err: unknown) => {
            throw mapError(err, `put ${Key}`);
          });
      }
      return { sha256: spooled.sha256, size: spooled.size };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async get(sha256: string, options: GetArtifactOptions = {}): Promise<Readable> {
    const Key = this.key(sha256);
    checkRange(options.range);
    const { sdk, s3 } = await this.connect();
    const range = options.range;
    try {
      const out = await s3.send(
        new sdk.GetObjectCommand({
          Bucket: this.options.bucket,
          Key,
          ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
        }),
      );
      if (out.Body === undefined)
        throw new AppError('INTERNAL', `Artifact store sent no body for ${Key}`);
      // In Node the body is an http.IncomingMessage, a Readable.
      return out.Body as Readable;
    } catch (err) {
      if (isMissing(err)) throw new AppError('NOT_FOUND', `Artifact ${sha256} not found`);
      if (httpStatus(err) === 416 && range) {
        throw new AppError(
          'BAD_REQUEST',
          `Byte range starting at ${range.start} is past the end of the artifact`,
        );
      }
      throw mapError(err, `get ${Key}`);
    }
  }

  async stat(sha256: string): Promise<{ size: number } | null> {
    return this.head(this.key(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async delete(sha256: string): Promise<void> {
    const Key = this.key(sha256);
    const { sdk, s3 } = await this.connect();
    await s3
      .send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key }))
      .catch((err) => {
        if (!isMissing(err)) throw mapError(err, `delete ${Key}`);
      });
  }

  /** Stops the client's connections (tests, shutdown). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) (await client.catch(() => undefined))?.s3.destroy();
  }

  private key(sha256: string): string {
    return this.prefix + keySegments(sha256).join('/');
  }

  private async head(Key: string): Promise<{ size: number } | null> {
    const { sdk, s3 } = await this.connect();
    try {
      const out = await s3.send(new sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key }));
      return { size: out.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return null;
      throw mapError(err, `head ${Key}`);
    }
  }

  private connect(): Promise<{ sdk: Sdk; s3: S3Client }> {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => {
      const o = this.options;
      const config: S3ClientConfig = {
        region: o.region ?? 'us-east-1',
        forcePathStyle: o.forcePathStyle ?? false,
        // Only when an operation needs them: the default (CRC32 on every request, sent as an
        // aws-chunked trailer) is not understood by many S3-compatible stores. Integrity comes
        // from the ChecksumSHA256 we send with each upload.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        ...(o.endpoint ? { endpoint: o.endpoint } : {}),
        ...(o.accessKeyId && o.secretAccessKey
          ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } }
          : {}),
      };
      return { sdk, s3: new sdk.S3Client(config) };
    });
    return this.client;
  }
}
