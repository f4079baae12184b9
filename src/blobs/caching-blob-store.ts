// A BlobStore in front of another that keeps small blobs in memory. Blobs are content-addressed and never
// change, so a cached blob cannot be stale; a delete through this store evicts it, and a blob another instance
// deleted is never asked for (the catalog is read first). Least recently used blobs go first past the budget.
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { newCacheCounters, type CacheCounters } from '../observability/cache-counters.js';
import { InMemoryBlob, type BlobStore, type Leftover, type PutResult, type StoredBlob } from './blobs.js';

/** Larger blobs stream straight through: they are rarely hot, and one would crowd out many tarballs. */
export const CACHEABLE_BLOB_BYTES = 1024 * 1024;

export class CachingBlobStore implements BlobStore {
  private readonly cached = new Map<string, Buffer>();
  private bytes = 0;

  constructor(
    private readonly inner: BlobStore,
    private readonly budgetBytes: number,
    private readonly counters: CacheCounters = newCacheCounters(),
  ) {}

  get backend(): string {
    return this.inner.backend;
  }

  put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult> {
    return this.inner.put(content, expectedSha256);
  }

  async get(sha256: string): Promise<Readable | undefined> {
    const hit = this.cached.get(sha256);
    if (hit) {
      this.counters.hits++;
      this.cached.delete(sha256);
      this.cached.set(sha256, hit); // most recently used last
      return new InMemoryBlob(hit);
    }
    this.counters.misses++;
    const stream = await this.inner.get(sha256);
    if (!stream) return undefined;
    // Pass the bytes through to the caller, keeping a copy while the blob is small enough to cache.
    const chunks: Buffer[] = [];
    let size = 0;
    const tee = new PassThrough();
    tee.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= CACHEABLE_BLOB_BYTES) chunks.push(chunk);
    });
    tee.on('end', () => {
      if (size <= CACHEABLE_BLOB_BYTES) this.remember(sha256, Buffer.concat(chunks, size));
    });
    // pipeline, not pipe: a reader that stops early (a HEAD, a dropped client) destroys the tee, and the
    // store's stream (a file descriptor, an S3 response) must close with it.
    pipeline(stream, tee, () => undefined);
    return tee;
  }

  /** Always the store's answer: another instance may have deleted a blob this one still holds in memory, and
   * publishing checks exactly that (BlobVanished) before it references the bytes. */
  has(sha256: string): Promise<boolean> {
    return this.inner.has(sha256);
  }

  async delete(sha256: string): Promise<boolean> {
    this.forget(sha256);
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

  private remember(sha256: string, bytes: Buffer): void {
    if (bytes.length > this.budgetBytes || this.cached.has(sha256)) return;
    this.cached.set(sha256, bytes);
    this.bytes += bytes.length;
    for (const oldest of this.cached.keys()) {
      if (this.bytes <= this.budgetBytes) break;
      this.forget(oldest);
    }
  }

  private forget(sha256: string): void {
    const bytes = this.cached.get(sha256);
    if (!bytes) return;
    this.cached.delete(sha256);
    this.bytes -= bytes.length;
  }
}
