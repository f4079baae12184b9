// One throughput case against the floor: Quiver's answer to a request is fetched once, then wrk loads Quiver with
// that request and a bare node:http floor (bench/floor.ts) answering the very same bytes, each with its server
// CPU time per request. Used by the format sections for their index and metadata documents.
import type { LoadRequest, LoadResult } from './load.js';
import { startFloor } from './peers.js';
import { runWrk } from './wrk.js';

export interface FloorCase {
  case: string;
  bytes: number;
  quiver: LoadResult;
  floor: LoadResult;
}

export async function againstFloor(
  name: string,
  spec: LoadRequest,
  quiverPid: number,
  seconds: number,
  connections: number,
): Promise<FloorCase> {
  // Plain bytes, as wrk asks (it sends no Accept-Encoding).
  const response = await fetch(spec.url, {
    method: spec.method,
    headers: { ...spec.headers, 'accept-encoding': 'identity' },
    body: spec.body,
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${name}: ${response.status} ${body.toString().slice(0, 300)}`);
  const quiver = await runWrk(spec, connections, seconds, { pid: quiverPid });
  const floor = await startFloor(body, response.headers.get('content-type') ?? 'application/octet-stream');
  try {
    const url = new URL(spec.url);
    const floorLoad = await runWrk(
      { ...spec, url: `${floor.endpoint}${url.pathname}${url.search}` },
      connections,
      seconds,
      { pid: floor.child.pid! },
    );
    return { case: name, bytes: body.length, quiver, floor: floorLoad };
  } finally {
    await floor.stop();
  }
}

const cpu = (r: LoadResult) => (r.cpuUsPerRequest === undefined ? '' : `, ${r.cpuUsPerRequest.toFixed(0)} µs CPU/req`);
/** A throughput cell as every table of the bench writes it. */
export const cell = (r: LoadResult | undefined) =>
  r ? `${r.rps.toFixed(0)} req/s, p99 ${r.p99ms.toFixed(1)} ms${cpu(r)}${r.errors ? `, ${r.errors} errors` : ''}` : '—';
/** A share in per cent: whole below 1% reads as 0%, so one decimal there. */
const percent = (share: number) => `${(share * 100).toFixed(share < 0.01 ? 1 : 0)}%`;
export const pct = (a: LoadResult | undefined, b: LoadResult | undefined) => (a && b ? percent(a.rps / b.rps) : '—');
/** The floor's CPU time per request over Quiver's: the throughput share a CPU-bound server reaches on a quiet machine. */
export const cpuShare = (a: LoadResult | undefined, b: LoadResult | undefined) =>
  a?.cpuUsPerRequest && b?.cpuUsPerRequest ? b.cpuUsPerRequest / a.cpuUsPerRequest : undefined;
export const cpuPct = (a: LoadResult | undefined, b: LoadResult | undefined) => {
  const share = cpuShare(a, b);
  return share === undefined ? '—' : percent(share);
};

/** The markdown table of a format's throughput cases. */
export function printFloorCases(title: string, cases: FloorCase[]): void {
  console.log(`\n## ${title}\n`);
  console.log(
    '| request | response | Quiver (SQLite + files) | floor (same bytes) | Quiver / floor | by CPU time (floor CPU / Quiver CPU per request) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const c of cases)
    console.log(
      `| ${c.case} | ${c.bytes.toLocaleString('en')} B | ${cell(c.quiver)} | ${cell(c.floor)} | ${pct(c.quiver, c.floor)} | ${cpuPct(c.quiver, c.floor)} |`,
    );
}
