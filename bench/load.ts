// A small closed-loop load generator: C connections each send the same request back to back for a fixed
// time; reports throughput and latency percentiles. Bounded in count and time, loopback only.
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  /**
   * The server's CPU time (user + system) per completed request over the measured window, when its pid was
   * given: on a machine busy with other work this moves far less than the request rate does.
   */
  cpuUsPerRequest?: number;
}

export interface LoadRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarize(latencies: number[], errors: number, startedAt: bigint): LoadResult {
  const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    errors,
  };
}

function once(agent: Agent, spec: LoadRequest): Promise<{ ok: boolean; ms: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(spec.url, { method: spec.method, headers: spec.headers, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () =>
        resolve({ ok: (res.statusCode ?? 500) < 400, ms: Number(process.hrtime.bigint() - start) / 1e6 }),
      );
    });
    req.on('error', () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    req.end(spec.body);
  });
}

/** `spec` may be a function, for requests that must differ (alternating writes); it is called per request. */
export async function runLoad(
  spec: LoadRequest | (() => LoadRequest),
  connections: number,
  seconds: number,
  maxRequests = 2_000_000,
): Promise<LoadResult> {
  const next = typeof spec === 'function' ? spec : () => spec;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  // Warm up: let both servers JIT and fill caches before measuring.
  await Promise.all(Array.from({ length: connections }, () => once(agent, next())));
  const deadline = Date.now() + seconds * 1000;
  const startedAt = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline && latencies.length < maxRequests) {
        const { ok, ms } = await once(agent, next());
        if (ok) latencies.push(ms);
        else errors++;
      }
    }),
  );
  agent.destroy();
  return summarize(latencies, errors, startedAt);
}

/**
 * Latency of sequential requests (one connection), for per-request cost independent of concurrency. With
 * `budgetMs`, it stops early once that much time has passed (after at least 5 requests): `requests` says how many.
 */
export async function runSequential(specs: () => LoadRequest, count: number, budgetMs = Infinity): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const startedAt = process.hrtime.bigint();
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < count && (i < 5 || Date.now() < deadline); i++) {
    const { ok, ms } = await once(agent, specs());
    if (ok) latencies.push(ms);
    else errors++;
  }
  agent.destroy();
  return summarize(latencies, errors, startedAt);
}
