// Quiver's Prometheus metrics, one registry per server (prom-client: the exposition format, histograms and
// Node's process metrics, kept by the Prometheus community, rather than a format of our own). The names and
// what each means are listed in docs/operations.md; change both together.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CacheCounters } from './cache-counters.js';

/** Seconds: from a 1 ms packument hit to a 30 s publish of a large asset. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: a store transaction is usually well under a millisecond on SQLite, a few on PostgreSQL. */
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'quiver_http_requests_total',
    help: 'HTTP requests answered, by service (AWS service, registry format, or quiver), operation or route, and status',
    labelNames: ['service', 'operation', 'status'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'quiver_http_request_duration_seconds',
    help: 'Time from the first byte of a request to the last byte of its response, by service and operation or route',
    labelNames: ['service', 'operation'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });

  /** Requests received and not yet answered: a plain number on the hot path, read into the gauge by a scrape. */
  inFlightNow = 0;
  readonly inFlight: Gauge = new Gauge({
    name: 'quiver_http_requests_in_flight',
    help: 'Requests received and not yet answered',
    registers: [this.registry],
    collect: (): void => this.inFlight.set(this.inFlightNow),
  });

  readonly storeDuration = new Histogram({
    name: 'quiver_store_transaction_duration_seconds',
    help: 'Time of a Store read or write transaction, waiting for the writer included, by backend and kind',
    labelNames: ['backend', 'kind'] as const,
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });

  readonly blobBytes = new Counter({
    name: 'quiver_blob_bytes_total',
    help: 'Bytes written to (in) and read from (out) the blob store backend; memory-cache hits are not reads',
    labelNames: ['backend', 'direction'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'quiver_' });
  }

  /** Counts one answered request and its duration. */
  observeRequest(service: string, operation: string, status: string, seconds: number): void {
    this.requests.inc({ service, operation, status });
    this.requestDuration.observe({ service, operation }, seconds);
  }

  /** Exposes a cache's counters as quiver_cache_lookups_total{cache, result}: hit ratio = hits / (hits + misses). */
  watchCaches(caches: Record<string, CacheCounters>): void {
    const seen = new Map<string, number>();
    new Counter({
      name: 'quiver_cache_lookups_total',
      help: 'Lookups of an in-memory cache (npm_packument, blob, aws_answer) by result (hit or miss)',
      labelNames: ['cache', 'result'] as const,
      registers: [this.registry],
      // The caches count with plain numbers (no cost when metrics are off); a scrape adds what changed since.
      collect() {
        for (const [cache, counters] of Object.entries(caches)) {
          for (const result of ['hit', 'miss'] as const) {
            const key = `${cache}/${result}`;
            const now = result === 'hit' ? counters.hits : counters.misses;
            this.inc({ cache, result }, now - (seen.get(key) ?? 0));
            seen.set(key, now);
          }
        }
      },
    });
  }
}
