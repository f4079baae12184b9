// NuGet: what a push costs (sequential, and 16 at once) and how fast the v3 reads a restore makes answer on a
// package with 200 versions — the flat container's index.json, a .nupkg, the registration index (paged, so only
// page summaries) and a search. Quiver runs as its own process (`quiver serve`, via tsx), on the embedded store.
//   node --import tsx bench/nuget-bench.ts        (BENCH_SECONDS, BENCH_CONNECTIONS)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../test/helpers/clients.js';
import { buildNupkg, pushNupkg } from '../test/helpers/nuget.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { runLoad } from './load.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const VERSIONS = 200;

const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-nuget-'));
const server = await spawnQuiver(dataDir);
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
  const packages = Array.from({ length: VERSIONS }, (_, i) => buildNupkg('Bench.Pkg', `1.0.${i}`, { dependencies }));

  const sequentialStart = process.hrtime.bigint();
  for (const bytes of packages.slice(0, VERSIONS - 16)) {
    const r = await pushNupkg(`${endpoint}v3/package`, bytes, auth);
    if (r.status !== 201) throw new Error(`push answered ${r.status}`);
  }
  const sequentialMs = Number(process.hrtime.bigint() - sequentialStart) / 1e6 / (VERSIONS - 16);
  const burstStart = process.hrtime.bigint();
  const burst = await Promise.all(
    packages.slice(VERSIONS - 16).map((b) => pushNupkg(`${endpoint}v3/package`, b, auth)),
  );
  const burstMs = Number(process.hrtime.bigint() - burstStart) / 1e6;
  if (burst.some((r) => r.status !== 201)) throw new Error('a concurrent push failed');

  const headers = { authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };
  const reads: Record<string, string> = {
    flatIndex: 'v3/flatcontainer/bench.pkg/index.json',
    nupkg: 'v3/flatcontainer/bench.pkg/1.0.7/bench.pkg.1.0.7.nupkg',
    registrationIndex: 'v3/registration-semver2/bench.pkg/index.json',
    search: 'v3/search?q=bench&take=20',
  };
  const results: Record<string, unknown> = {
    pushSequentialMsEach: Number(sequentialMs.toFixed(1)),
    push16ConcurrentMsTotal: Number(burstMs.toFixed(1)),
  };
  for (const [name, path] of Object.entries(reads)) {
    const r = await runLoad({ url: `${endpoint}${path}`, method: 'GET', headers }, connections, seconds);
    results[name] = {
      rps: Math.round(r.rps),
      p50ms: Number(r.p50ms.toFixed(2)),
      p99ms: Number(r.p99ms.toFixed(2)),
      errors: r.errors,
    };
  }
  console.log(JSON.stringify({ versions: VERSIONS, connections, seconds, ...results }, null, 2));
} finally {
  await stopProcess(server.child);
  rmSync(dataDir, { recursive: true, force: true });
}
