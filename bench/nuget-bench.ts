// NuGet: what a push costs (sequential, and 16 at once) and the v3 reads a restore makes on a package of
// BENCH_FORMAT_VERSIONS versions — the flat container's index.json and the registration index (paged past 64
// versions, so only page summaries) — each against the floor answering the same bytes, plus a .nupkg download.
// Quiver runs compiled (`node dist/main.js serve`), on the embedded store. There is no client-level restore here:
// the only NuGet client on this machine is Debian's mono nuget 2.8.7, whose run time is its own start-up.
//   node --import tsx bench/nuget-bench.ts   (after `npm run build`; BENCH_SECONDS, BENCH_CONNECTIONS)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../test/helpers/clients.js';
import { buildNupkg, pushNupkg } from '../test/helpers/nuget.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { againstFloor, type FloorCase, printFloorCases } from './floor-case.js';

export interface NugetBenchResult {
  versions: number;
  pushSequentialMs: number;
  push16ConcurrentMs: number;
  throughput: FloorCase[];
}

export async function benchNuget(seconds: number, connections: number, versions: number): Promise<NugetBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-nuget-'));
  const server = await spawnQuiver(dataDir, {}, { built: true });
  try {
    const ca = codeartifact(server.endpoint, server.credentials);
    await ca.send(new CreateDomainCommand({ domain: 'bench' }));
    await ca.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'feed' }));
    const token = (await ca.send(new GetAuthorizationTokenCommand({ domain: 'bench' }))).authorizationToken!;
    const endpoint = (
      await ca.send(new GetRepositoryEndpointCommand({ domain: 'bench', repository: 'feed', format: 'nuget' }))
    ).repositoryEndpoint!;
    ca.destroy();
    const auth = { 'x-nuget-apikey': token };
    const dependencies = '<group targetFramework="net8.0"><dependency id="Dep.A" version="1.0" /></group>';
    const packages = Array.from({ length: versions }, (_, i) => buildNupkg('Bench.Pkg', `1.0.${i}`, { dependencies }));
    const burst = Math.min(16, versions);

    const sequentialStart = process.hrtime.bigint();
    for (const bytes of packages.slice(0, versions - burst)) {
      const r = await pushNupkg(`${endpoint}v3/package`, bytes, auth);
      if (r.status !== 201) throw new Error(`push answered ${r.status}`);
    }
    const pushSequentialMs = Number(process.hrtime.bigint() - sequentialStart) / 1e6 / Math.max(1, versions - burst);
    const burstStart = process.hrtime.bigint();
    const pushed = await Promise.all(
      packages.slice(versions - burst).map((b) => pushNupkg(`${endpoint}v3/package`, b, auth)),
    );
    const push16ConcurrentMs = Number(process.hrtime.bigint() - burstStart) / 1e6;
    if (pushed.some((r) => r.status !== 201)) throw new Error('a concurrent push failed');

    const headers = { authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };
    const get = (path: string) => ({ url: `${endpoint}${path}`, method: 'GET', headers });
    const pid = server.child.pid!;
    const throughput = [
      await againstFloor(
        `flat container index.json, ${versions} versions`,
        get('v3/flatcontainer/bench.pkg/index.json'),
        pid,
        seconds,
        connections,
      ),
      await againstFloor(
        `registration index, ${versions} versions`,
        get('v3/registration-semver2/bench.pkg/index.json'),
        pid,
        seconds,
        connections,
      ),
      await againstFloor(
        '.nupkg download',
        get('v3/flatcontainer/bench.pkg/1.0.7/bench.pkg.1.0.7.nupkg'),
        pid,
        seconds,
        connections,
      ),
    ];
    return { versions, pushSequentialMs, push16ConcurrentMs, throughput };
  } finally {
    await stopProcess(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printNuget(result: NugetBenchResult, seconds: number, connections: number): void {
  printFloorCases(
    `NuGet: v3 reads of a package of ${result.versions} versions, ${connections} connections × ${seconds} s`,
    result.throughput,
  );
  console.log(
    `\nPushes (multipart PUT of a .nupkg): ${result.pushSequentialMs.toFixed(1)} ms each, one at a time; ${Math.min(16, result.versions)} at once in ${result.push16ConcurrentMs.toFixed(0)} ms.`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  printNuget(
    await benchNuget(seconds, connections, Number(process.env.BENCH_FORMAT_VERSIONS ?? 200)),
    seconds,
    connections,
  );
}
