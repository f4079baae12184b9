// Throughput from a separate process: wrk (Debian's `wrk`, C, one thread) replays pre-built requests over C
// connections for a fixed time. A load generator in the bench's own Node process capped the floor at about
// half of what wrk reaches, which flattered every ratio; wrk in its own process loads floor and Quiver alike.
// The requests go to wrk as a Lua script (method, headers, body; several requests are sent in turn, for the
// alternating status write); its `done` hook prints the summary as one JSON line, parsed here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadRequest, LoadResult } from './load.js';

const run = promisify(execFile);

export interface WrkOptions {
  /** Send `Connection: close`, a new connection per request (moto's server stalls keep-alive load). */
  close?: boolean;
  /** wrk threads (default 1: the other core is the server's). */
  threads?: number;
  /** Run 1 s first, unmeasured (default true). */
  warmup?: boolean;
  /** The server's process: its CPU time over the measured run is reported per request. */
  pid?: number;
}

/** A process's user + system CPU time so far, in µs (/proc/<pid>/stat counts clock ticks of 1/100 s). */
export function cpuTimeUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

// A JSON string literal is a Lua one, but for \uXXXX (JSON.stringify uses it for control characters only).
const lua = (text: string) =>
  JSON.stringify(text).replace(/\\u00([0-9a-f]{2})/gi, (_, hex: string) => `\\${parseInt(hex, 16)}`);

function script(requests: LoadRequest[], close: boolean): string {
  const formatted = requests.map((spec) => {
    const url = new URL(spec.url);
    const headers = Object.entries(spec.headers)
      .filter(([name]) => !['host', 'content-length', 'connection'].includes(name.toLowerCase()))
      .map(([name, value]) => `[${lua(name)}] = ${lua(value)}`);
    headers.push(`["Host"] = ${lua(url.host)}`);
    if (close) headers.push(`["Connection"] = "close"`);
    return `wrk.format(${lua(spec.method)}, ${lua(url.pathname + url.search)}, { ${headers.join(', ')} }, ${
      spec.body === undefined ? 'nil' : lua(spec.body)
    })`;
  });
  return [
    'local requests, n = {}, 0',
    'function init(args)',
    ...formatted.map((f) => `  table.insert(requests, ${f})`),
    'end',
    'function request()',
    '  n = n + 1',
    '  return requests[(n - 1) % #requests + 1]',
    'end',
    'function done(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'WRK {"requests":%d,"us":%d,"p50":%d,"p99":%d,"errors":%d,"status":%d}\\n\',',
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),',
    '    e.connect + e.read + e.write + e.timeout, e.status))',
    'end',
    '',
  ].join('\n');
}

/**
 * Closed-loop load: `connections` connections for `seconds`, after a 1 s warm-up run (JIT, caches).
 * Non-2xx/3xx answers count as errors and are not in the rate.
 */
export async function runWrk(
  spec: LoadRequest | LoadRequest[],
  connections: number,
  seconds: number,
  options: WrkOptions = {},
): Promise<LoadResult> {
  const requests = Array.isArray(spec) ? spec : [spec];
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-wrk-'));
  try {
    const file = join(dir, 'requests.lua');
    writeFileSync(file, script(requests, options.close ?? false));
    const origin = new URL(requests[0]!.url).origin;
    const wrk = async (duration: number) => {
      const args = ['-t', String(options.threads ?? 1), '-c', String(connections), '-d', `${duration}s`];
      const { stdout } = await run('wrk', [...args, '--timeout', '10s', '-s', file, origin], {
        maxBuffer: 1 << 20,
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') throw new Error('the bench drives load with wrk: apt-get install wrk');
        throw error;
      });
      const line = /WRK (\{.*\})/.exec(stdout)?.[1];
      if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
      return JSON.parse(line) as {
        requests: number;
        us: number;
        p50: number;
        p99: number;
        errors: number;
        status: number;
      };
    };
    if (options.warmup ?? true) await wrk(1);
    const cpuBefore = options.pid === undefined ? 0 : cpuTimeUs(options.pid);
    const r = await wrk(seconds);
    const cpuUs = options.pid === undefined ? undefined : cpuTimeUs(options.pid) - cpuBefore;
    const failed = r.errors + r.status;
    const ok = r.requests - r.status;
    return {
      requests: ok,
      seconds: r.us / 1e6,
      rps: ok / (r.us / 1e6),
      p50ms: r.p50 / 1000,
      p99ms: r.p99 / 1000,
      errors: failed,
      ...(cpuUs === undefined || r.requests === 0 ? {} : { cpuUsPerRequest: cpuUs / r.requests }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
