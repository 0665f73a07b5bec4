export type {
  ArtifactBody,
  ArtifactStore,
  ByteRange,
  GetArtifactOptions,
  PutArtifactOptions,
  StoredArtifact,
} from './artifacts/artifact-store.types';
export { normalizeArtifactPath } from './artifacts/artifact-path';
export { assertSha256, isSha256 } from './artifacts/content-address';
export { FileArtifactStore } from './artifacts/file-artifact-store';
export { S3ArtifactStore } from './artifacts/s3-artifact-store';
export type { S3ArtifactStoreOptions } from './artifacts/s3-artifact-store';
export { artifactStoreConfigFromEnv, createArtifactStore } from './artifacts/create-artifact-store';
export type { ArtifactStoreConfig, ArtifactStoreEnv } from './artifacts/create-artifact-store';
export { systemClock } from './clock/clock';
export type { Clock } from './clock/clock';
