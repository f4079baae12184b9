// `npm run bench`: Quiver and its peers side by side in one run, reported as ratios.
// Today: the AWS control plane against the bare-HTTP floor serving the same JSON bytes. Each server is
// its own process; the load generator replays one pre-signed request so both see identical bytes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateDomainCommand, CreateRepositoryCommand } from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../test/helpers/clients.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { runLoad, runSequential, type LoadRequest, type LoadResult } from './load.js';
import { benchPackageVersions } from './package-versions.js';
import { signedSpec } from './signing.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function startFloor(body: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'floor.ts')], { env: { ...process.env, FLOOR_BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => { const m = /FLOOR (\d+)/.exec(chunk.toString()); if (m) resolve(m[1]!); });
  });
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

const fmt = (result: LoadResult) => `${result.rps.toFixed(0).padStart(7)} req/s  p50 ${result.p50ms.toFixed(2).padStart(6)} ms  p99 ${result.p99ms.toFixed(2).padStart(6)} ms${result.errors ? `  errors ${result.errors}` : ''}`;

async function main(): Promise<void> {
  console.log(`# Quiver bench — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`load: ${connections} connections × ${seconds} s per case, one pre-signed request replayed\n`);

  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-'));
  const quiver = await spawnQuiver(dataDir, { QUIVER_LOG_LEVEL: 'error' });
  const client = codeartifact(quiver.endpoint, quiver.credentials);
  try {
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    for (let i = 0; i < 200; i++) await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: `repo-${String(i).padStart(4, '0')}` }));

    const cases: { name: string; method: string; path: string; query: Record<string, string>; body?: string }[] = [
      { name: 'DescribeDomain', method: 'GET', path: '/v1/domain', query: { domain: 'bench' } },
      { name: 'ListRepositoriesInDomain (page of 100)', method: 'POST', path: '/v1/domain/repositories', query: { domain: 'bench', 'max-results': '100' } },
    ];
    console.log('| operation | Quiver | floor (same bytes) | Quiver / floor |');
    console.log('| --- | --- | --- | --- |');
    for (const c of cases) {
      const spec = await signedSpec(quiver.endpoint, quiver.credentials, c.method, c.path, c.query, c.body);
      const sample = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
      const bytes = await sample.text();
      if (sample.status !== 200) throw new Error(`${c.name}: ${sample.status} ${bytes}`);
      const floor = await startFloor(bytes);
      try {
        const q = await runLoad(spec, connections, seconds);
        const f = await runLoad({ ...spec, url: spec.url.replace(quiver.endpoint, floor.endpoint) }, connections, seconds);
        console.log(`| ${c.name} (${bytes.length} B) | ${fmt(q)} | ${fmt(f)} | ${(q.rps / f.rps * 100).toFixed(0)}% throughput, p99 ×${(q.p99ms / f.p99ms).toFixed(1)} |`);
      } finally {
        await stopProcess(floor.child);
      }
    }

    let n = 0;
    const createSpecs: LoadRequest[] = [];
    for (let i = 0; i < 300; i++) {
      createSpecs.push(await signedSpec(quiver.endpoint, quiver.credentials, 'POST', '/v1/repository', { domain: 'bench', repository: `new-${i}` }, '{}'));
    }
    const creates = await runSequential(() => createSpecs[n++]!, createSpecs.length);
    console.log(`\nCreateRepository, sequential (one transaction + fsync each): ${fmt(creates)}`);
  } finally {
    client.destroy();
    await stopProcess(quiver.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const sizes = (process.env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map(Number);
  const backends = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
  for (const backend of backends) await benchPackageVersions(sizes, seconds, connections, backend);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
