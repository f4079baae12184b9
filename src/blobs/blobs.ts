// The BlobStore contract: content-addressed bytes. `put` streams, verifies the sha256 the caller expects
// (when given) and makes the blob visible only once it is whole; a failed put leaves nothing behind.
import type { Readable } from 'node:stream';

export interface PutResult {
  sha256: string;
  size: number;
  /** Computed while streaming, because CodeArtifact reports all four for every asset. */
  md5: string;
  sha1: string;
  sha512: string;
}

export class BlobDigestMismatch extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`content sha256 is ${actual}, expected ${expected}`);
  }
}

export interface BlobStore {
  readonly backend: string;
  put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult>;
  /** The blob's bytes, or undefined when no blob has that digest. */
  get(sha256: string): Promise<Readable | undefined>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<boolean>;
}
