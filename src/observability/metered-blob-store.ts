// A BlobStore that counts the bytes going to and coming from its backend, for the metrics.
import { Transform, pipeline, type Readable } from 'node:stream';
import type { BlobStore, Leftover, PutResult, StoredBlob } from '../blobs/blobs.js';
import type { Metrics } from './metrics.js';

export class MeteredBlobStore implements BlobStore {
  constructor(
    private readonly inner: BlobStore,
    private readonly metrics: Metrics,
  ) {}

  get backend(): string {
    return this.inner.backend;
  }

  async put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult> {
    const result = await this.inner.put(content, expectedSha256);
    this.metrics.blobBytes.inc({ backend: this.inner.backend, direction: 'in' }, result.size);
    return result;
  }

  async get(sha256: string): Promise<Readable | undefined> {
    const stream = await this.inner.get(sha256);
    if (!stream) return undefined;
    const out = this.metrics.blobBytes.labels({ backend: this.inner.backend, direction: 'out' });
    // Counted as the reader pulls (a 'data' listener would start the flow before the reader is attached).
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        out.inc(chunk.length);
        done(null, chunk);
      },
    });
    // pipeline: a reader that stops early closes the backend's stream too.
    pipeline(stream, counted, () => undefined);
    return counted;
  }

  has(sha256: string): Promise<boolean> {
    return this.inner.has(sha256);
  }

  delete(sha256: string): Promise<boolean> {
    return this.inner.delete(sha256);
  }

  list(digestPrefix?: string): AsyncIterable<StoredBlob> {
    return this.inner.list(digestPrefix);
  }

  leftovers(): Promise<Leftover[]> {
    return this.inner.leftovers();
  }

  removeLeftover(name: string): Promise<void> {
    return this.inner.removeLeftover(name);
  }
}
