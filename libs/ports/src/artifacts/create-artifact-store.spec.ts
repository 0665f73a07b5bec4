import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '@sextant/errors';
import { artifactStoreConfigFromEnv, createArtifactStore } from './create-artifact-store';
import { FileArtifactStore } from './file-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

let mockSdkLoaded = false;
jest.mock('@aws-sdk/client-s3', () => {
  mockSdkLoaded = true;
  return jest.requireActual('@aws-sdk/client-s3');
});

function configError(url: string): AppError {
  try {
    createArtifactStore({ url, home: '/srv/sextant' });
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`accepted ${url}`);
}

describe('createArtifactStore', () => {
  it('defaults to a file store under SEXTANT_HOME/artifacts, resolved from the working folder', () => {
    const store = createArtifactStore({ home: '.sextant' });
    expect(store).toBeInstanceOf(FileArtifactStore);
    expect(store.url).toBe(pathToFileURL(path.resolve('.sextant', 'artifacts')).href);
    expect(createArtifactStore({ url: '', home: '/srv/sextant' }).url).toBe(
      'file:///srv/sextant/artifacts',
    );
  });

  it('chooses by scheme', () => {
    expect(createArtifactStore({ url: 'file:///data/artifacts', home: '/x' }).url).toBe(
      'file:///data/artifacts',
    );
    const s3 = createArtifactStore({ url: 's3://sextant-art/team/prod/', home: '/x' });
    expect(s3).toBeInstanceOf(S3ArtifactStore);
    expect(s3.url).toBe('s3://sextant-art/team/prod');
    expect(createArtifactStore({ url: 's3://sextant-art', home: '/x' }).url).toBe(
      's3://sextant-art',
    );
  });

  it('maps the env fields', () => {
    const store = createArtifactStore(
      artifactStoreConfigFromEnv({
        SEXTANT_HOME: '/x',
        SEXTANT_ARTIFACTS_URL: 's3://bucket-1/p',
        SEXTANT_S3_ENDPOINT: 'http://127.0.0.1:9000',
        SEXTANT_S3_ACCESS_KEY_ID: 'k',
        SEXTANT_S3_SECRET_ACCESS_KEY: 's',
        SEXTANT_S3_FORCE_PATH_STYLE: true,
      }),
    );
    expect(store.url).toBe('s3://bucket-1/p');
  });

  it.each([
    ['ftp://host/artifacts', 'unsupported scheme "ftp"'],
    ['http://minio:9000/bucket', 'unsupported scheme "http"'],
    ['/data/artifacts', 'is not a URL'],
    ['artifacts', 'is not a URL'],
    ['file://server/share', 'not host server'],
    ['s3://b/prefix', 'not a valid bucket name'],
    ['s3://Upper_Case/prefix', 'not a valid bucket name'],
    ['s3://key:secret@bucket-1/p', 'credentials go in'],
    ['s3://bucket-1/a/../b', 'invalid prefix'],
    ['s3://bucket-1/a?x=1', 'no query'],
  ])('refuses %j with a config error', (url, message) => {
    const err = configError(url);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('SEXTANT_ARTIFACTS_URL');
    expect(err.message).toContain(message);
  });

  it('refuses half a pair of S3 credentials', () => {
    expect(() =>
      createArtifactStore({ url: 's3://bucket-1', home: '/x', s3: { accessKeyId: 'k' } }),
    ).toThrow(/SEXTANT_S3_SECRET_ACCESS_KEY/);
  });

  it('does not load the AWS SDK until an S3 store is used', () => {
    createArtifactStore({ home: '/x' });
    createArtifactStore({ url: 's3://bucket-1/p', home: '/x' });
    expect(mockSdkLoaded).toBe(false);
  });
});
