// Serialized index documents (npm packuments, PyPI project pages), kept per instance and validated on every
// request by the stamp of the package's search order (Upstreams.stamp: each repository's upstream list and each
// package's change counter, moved by database triggers in the writing transaction): a hit costs one read of
// repository and package records instead of reading, merging and serializing every version, and can never be
// stale. The memory is a StampedLru (src/cache/stamped-lru.ts).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { StampedLru } from '../../cache/stamped-lru.js';
import { newCacheCounters, type CacheCounters } from '../../observability/cache-counters.js';

export interface CachedDocument {
  body: Buffer;
  etag: string;
  /** The gzip encoding, made on first demand (npm asks for gzip). */
  gzipped?: Buffer;
}

export function cachedDocument(body: string): CachedDocument {
  const bytes = Buffer.from(body);
  return { body: bytes, etag: `"${createHash('sha1').update(bytes).digest('hex')}"` };
}

export function gzippedBody(entry: CachedDocument): Buffer {
  entry.gzipped ??= gzipSync(entry.body, { level: 6 });
  return entry.gzipped;
}

/** Counts each body twice: room for its gzip, which is made later and is always smaller. */
export class IndexCache {
  private readonly lru: StampedLru<CachedDocument>;

  constructor(budgetBytes: number, counters: CacheCounters = newCacheCounters()) {
    this.lru = new StampedLru(budgetBytes, counters);
  }

  get(key: string, stamp: string): CachedDocument | undefined {
    return this.lru.get(key, stamp);
  }

  set(key: string, stamp: string, document: CachedDocument): void {
    this.lru.set(key, stamp, document, document.body.length * 2);
  }

  /** The document kept at `stamp`, else the one `make` makes (see StampedLru.through). */
  through(key: string, stamp: string | undefined, make: () => Promise<CachedDocument>): Promise<CachedDocument> {
    return this.lru.through(key, stamp, make, (document) => document.body.length * 2);
  }
}
