// Serialized index documents (npm packuments, PyPI project pages), kept per instance and validated on every
// request by the stamp of the package's search order (Upstreams.stamp: each repository's upstream list and each
// package's change counter, moved by database triggers in the writing transaction): a hit costs one read of
// repository and package records instead of reading, merging and serializing every version, and can never be
// stale. Least recently used entries go first once the byte budget is spent.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { newCacheCounters, type CacheCounters } from '../../observability/cache-counters.js';

export interface CachedDocument {
  body: Buffer;
  etag: string;
  /** The gzip encoding, made on first demand (npm asks for gzip). */
  gzipped?: Buffer;
}

interface Entry extends CachedDocument {
  stamp: string;
}

export function cachedDocument(body: string): CachedDocument {
  const bytes = Buffer.from(body);
  return { body: bytes, etag: `"${createHash('sha1').update(bytes).digest('hex')}"` };
}

export function gzippedBody(entry: CachedDocument): Buffer {
  entry.gzipped ??= gzipSync(entry.body, { level: 6 });
  return entry.gzipped;
}

export class IndexCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly counters: CacheCounters = newCacheCounters(),
  ) {}

  get(key: string, stamp: string): CachedDocument | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.counters.misses++;
      return undefined;
    }
    this.entries.delete(key);
    if (entry.stamp !== stamp) {
      this.bytes -= this.sizeOf(entry);
      this.counters.misses++;
      return undefined;
    }
    this.entries.set(key, entry); // most recently used last
    this.counters.hits++;
    return entry;
  }

  set(key: string, stamp: string, packument: CachedDocument): void {
    const entry: Entry = { ...packument, stamp };
    // One packument may not take more than a quarter of the budget (gzip included): it would evict everything.
    if (this.sizeOf(entry) > this.budgetBytes / 4) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= this.sizeOf(previous);
    }
    this.entries.set(key, entry);
    this.bytes += this.sizeOf(entry);
    for (const [oldest, victim] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.bytes -= this.sizeOf(victim);
    }
  }

  /** Counts the body twice: room for its gzip, which is made later and is always smaller. */
  private sizeOf(entry: Entry): number {
    return entry.body.length * 2;
  }
}
