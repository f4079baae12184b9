// A per-instance memory of answers, each validated on every lookup by the stamp it was made at: the caller
// reads the current stamp (a counter the database moves in the writing transaction, so every instance on one
// database sees a write at once) and a different stamp is a miss, never a stale answer. Least recently used
// entries go first once the byte budget is spent. Shared by the registry index caches (index-cache.ts) and the
// AWS answer cache (aws/services/answer-cache.ts).
import { newCacheCounters, type CacheCounters } from '../observability/cache-counters.js';

interface Entry<V> {
  stamp: string;
  value: V;
  bytes: number;
}

export class StampedLru<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly counters: CacheCounters = newCacheCounters(),
  ) {}

  get(key: string, stamp: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.counters.misses++;
      return undefined;
    }
    this.entries.delete(key);
    if (entry.stamp !== stamp) {
      this.bytes -= entry.bytes;
      this.counters.misses++;
      return undefined;
    }
    this.entries.set(key, entry); // most recently used last
    this.counters.hits++;
    return entry.value;
  }

  /** `bytes` is what the value holds in memory (the caller's estimate); one value may take a quarter of the budget. */
  set(key: string, stamp: string, value: V, bytes: number): void {
    if (bytes > this.budgetBytes / 4) return; // it would evict everything
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.bytes;
    }
    this.entries.set(key, { stamp, value, bytes });
    this.bytes += bytes;
    for (const [oldest, victim] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.bytes -= victim.bytes;
    }
  }

  /**
   * The value kept at `stamp`, else the one `make` makes, kept under `stamp`. The stamp must be read before `make`
   * reads anything: a write in between moves it, so the next lookup makes the value again and none is ever older
   * than its stamp. No stamp (nothing to validate against: an external registry contributes, say) is made, not kept.
   */
  async through(
    key: string,
    stamp: string | undefined,
    make: () => Promise<V>,
    bytesOf: (value: V) => number,
  ): Promise<V> {
    if (stamp === undefined) return make();
    const kept = this.get(key, stamp);
    if (kept !== undefined) return kept;
    const made = await make();
    this.set(key, stamp, made, bytesOf(made));
    return made;
  }

  /** Bytes held now (for tests and the budget's documentation). */
  get size(): number {
    return this.bytes;
  }
}
