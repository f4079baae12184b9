/** Lookups a cache answered from memory and those it could not; read by the metrics when they are on. */
export interface CacheCounters {
  hits: number;
  misses: number;
}

export const newCacheCounters = (): CacheCounters => ({ hits: 0, misses: 0 });
