import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { type S3ArtifactStore, createArtifactStore } from '../src';
import { appError, artifactStoreContract, bytes, chunked } from './artifact-store-contract';

// A real S3-protocol server in this process, on a free port, in a temp folder.
const BUCKET = 'sextant-artifacts';
let server: S3rver;
let dataDir: string;
let endpoint: string;
let admin: S3Client;
const stores: S3ArtifactStore[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sextant-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dataDir });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  admin = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  admin?.destroy();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function listKeys(prefix: string): Promise<string[]> {
  const out = await admin.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function emptyBucket(): Promise<void> {
  const keys = await listKeys('');
  if (keys.length > 0) {
    await admin.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: keys.map((Key) => ({ Key })) },
      }),
    );
  }
}

function s3Store(url: string, spoolDir?: string): S3ArtifactStore {
  const store = createArtifactStore({
    url,
    home: '/nonexistent',
    ...(spoolDir ? { spoolDir } : {}),
    s3: {
      endpoint,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
  }) as S3ArtifactStore;
  stores.push(store);
  return store;
}

artifactStoreContract('s3:// on a local s3rver', async () => {
  await emptyBucket();
  return {
    store: s3Store(`s3://${BUCKET}/team/prod`),
    // The whole bucket, so that a stray object anywhere shows.
    listStored: () => listKeys(''),
    expectedKey: (hex) => `team/prod/sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
  };
});

describe('S3 artifact store', () => {
  beforeEach(emptyBucket);

  it('stores at the bucket root without a prefix', async () => {
    const { sha256: hex } = await s3Store(`s3://${BUCKET}`).put(chunked(bytes(1000)).body);
    expect(await listKeys('')).toEqual([`sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`]);
  });

  it('removes its spool file, whether the upload is kept or refused', async () => {
    const spoolDir = await mkdtemp(path.join(os.tmpdir(), 'sextant-spool-'));
    try {
      const store = s3Store(`s3://${BUCKET}/p`, spoolDir);
      await store.put(chunked(bytes(100_000)).body);
      await appError(store.put(chunked(bytes(100_000, 2)).body, { maxBytes: 10 }));
      const { readdir } = await import('node:fs/promises');
      expect(await readdir(spoolDir)).toEqual([]);
    } finally {
      await rm(spoolDir, { recursive: true, force: true });
    }
  });

  it('answers an unreachable store with a retryable 503', async () => {
    const store = createArtifactStore({
      url: `s3://${BUCKET}`,
      home: '/nonexistent',
      s3: {
        endpoint: 'http://127.0.0.1:9',
        accessKeyId: 'x',
        secretAccessKey: 'y',
        forcePathStyle: true,
      },
    }) as S3ArtifactStore;
    stores.push(store);
    const err = await appError(store.stat('0'.repeat(64)));
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.retryable).toBe(true);
  });
});
