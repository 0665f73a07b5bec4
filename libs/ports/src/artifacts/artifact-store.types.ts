import type { Readable } from 'node:stream';

/** A body to store: a Node stream or any async iterable of bytes (an HTTP request, a file). */
export type ArtifactBody = Readable | AsyncIterable<Uint8Array>;

export interface PutArtifactOptions {
  /** Refuse the body (PAYLOAD_TOO_LARGE, nothing stored) as soon as it passes this many bytes. */
  readonly maxBytes?: number;
  /** Refuse the body (BAD_REQUEST, nothing stored) unless its sha256 is this one. */
  readonly expectedSha256?: string;
}

export interface StoredArtifact {
  /** 64 lowercase hex characters: the artifact's only name inside the store. */
  readonly sha256: string;
  readonly size: number;
}

/** A byte range, both ends inclusive as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  readonly start: number;
  /** Inclusive; past the end of the artifact means "to the end". Omitted: to the end. */
  readonly end?: number;
}

export interface GetArtifactOptions {
  readonly range?: ByteRange;
}

/**
 * Content-addressed storage for artifacts (models, datasets, reports). An artifact is named by the
 * sha256 of its bytes and by nothing else, so no stored path ever comes from user input; logical
 * names (`model/model.onnx`) live in the owning domain's tables, checked by normalizeArtifactPath.
 */
export interface ArtifactStore {
  /** Where the store lives, without credentials: `file:///…` or `s3://bucket/prefix`. */
  readonly url: string;
  /**
   * Streams a body in, hashing it on the way. Storing bytes that are already stored is a no-op
   * that returns the same result. Nothing is left behind when the body fails, is too large or
   * does not match `expectedSha256`.
   */
  put(body: ArtifactBody, options?: PutArtifactOptions): Promise<StoredArtifact>;
  /** Streams an artifact (or a range of it) out; NOT_FOUND if it is not stored. */
  get(sha256: string, options?: GetArtifactOptions): Promise<Readable>;
  /** The artifact's size, or null if it is not stored. */
  stat(sha256: string): Promise<{ readonly size: number } | null>;
  has(sha256: string): Promise<boolean>;
  /** Removes an artifact; removing one that is not stored is not an error. */
  delete(sha256: string): Promise<void>;
}
