// The BlobStore contract: content-addressed bytes. `put` streams, verifies the sha256 the caller expects
// (when given) and makes the blob visible only once it is whole; a failed put leaves nothing behind.
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';

export interface PutResult {
  sha256: string;
  size: number;
  /** Computed while streaming, because CodeArtifact reports all four for every asset. */
  md5: string;
  sha1: string;
  sha512: string;
}

export class BlobDigestMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`content sha256 is ${actual}, expected ${expected}`);
  }
}

/**
 * A blob served from memory: still a Readable for every caller, with its bytes at hand for a transport that can
 * send a buffer in one write (piping a one-chunk stream costs the npm tarball route a third of its throughput).
 */
export class InMemoryBlob extends Readable {
  constructor(readonly bytes: Buffer) {
    super();
    this.push(bytes);
    this.push(null);
  }
}

/** A blob as the store holds it, for listing (housekeeping): when its bytes were last written. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** Epoch milliseconds: when these bytes were written (a put of the same content again renews it). */
  lastModified: number;
}

/** A partly written upload (a temporary file or object) a put left when its process died. */
export interface Leftover {
  name: string;
  lastModified: number;
}

/** A digest prefix `list` accepts: lowercase hex, up to the whole digest. */
export const DIGEST_PREFIX = /^[0-9a-f]{0,64}$/;

export interface BlobStore {
  readonly backend: string;
  put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult>;
  /** The blob's bytes, or undefined when no blob has that digest. */
  get(sha256: string): Promise<Readable | undefined>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<boolean>;
  /** Every blob whose digest starts with `digestPrefix` (all without one), in no promised order. */
  list(digestPrefix?: string): AsyncIterable<StoredBlob>;
  /** Partly written uploads still present (temporary files or objects); empty when every put finished cleanly. */
  leftovers(): Promise<Leftover[]>;
  /** Removes one leftover by the name `leftovers` gave; a put still writing it then fails cleanly. */
  removeLeftover(name: string): Promise<void>;
}

/** Streams content through all four digests CodeArtifact reports, counting bytes. */
export function digestingStream(): { stream: import('node:stream').Transform; result: () => PutResult } {
  const hashes = {
    sha256: createHash('sha256'),
    md5: createHash('md5'),
    sha1: createHash('sha1'),
    sha512: createHash('sha512'),
  };
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const hash of Object.values(hashes)) hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return {
    stream,
    result: () => ({
      sha256: hashes.sha256.digest('hex'),
      size,
      md5: hashes.md5.digest('hex'),
      sha1: hashes.sha1.digest('hex'),
      sha512: hashes.sha512.digest('hex'),
    }),
  };
}
