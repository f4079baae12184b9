// Cargo: a cold `cargo fetch` (fresh CARGO_HOME each run: config.json, every index file, every .crate) of a crate
// depending on 30 crates, from Quiver against the same index files and .crate bytes served as a static sparse
// index by a bare node:http server (the floor of a static registry, bench/static-index.ts). The 30 crates are
// published to Quiver with cargo's publish frame; the floor's index files are Quiver's own, byte for byte, with
// config.json pointing `dl` at the static .crate files. Then the throughput of the sparse index file of a crate of
// BENCH_FORMAT_VERSIONS versions against the floor answering the same bytes.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { indexPath } from '../src/domain/codeartifact/cargo/names.js';
import { buildCrateFile, cargoHome, publishFrame, publishMetadata, writeCrate } from '../test/helpers/cargo.js';
import { codeartifact } from '../test/helpers/clients.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { againstFloor, type FloorCase } from './floor-case.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const CRATES = 30;
const VERSION = '1.0.0';

export interface CargoBenchResult {
  crates: number;
  fetch: { quiver: number[]; floor: number[] };
  throughput: FloorCase[];
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function startStatic(root: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'static-index.ts')], {
    env: { ...process.env, STATIC_ROOT: root, STATIC_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the static server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/STATIC \d+/.test(chunk.toString())) resolve();
    });
  });
  return child;
}

export async function benchCargo(
  runs: number,
  seconds: number,
  connections: number,
  versions: number,
  built = true,
): Promise<CargoBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-cargo-'));
  const server = await spawnQuiver(join(dir, 'data'), {}, { built });
  const client = codeartifact(server.endpoint, server.credentials);
  const staticRoot = join(dir, 'static');
  try {
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'cargo-bench' }));
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'bench', durationSeconds: 43200 })))
      .authorizationToken!;
    const endpoint = (
      await client.send(
        new GetRepositoryEndpointCommand({ domain: 'bench', repository: 'cargo-bench', format: 'cargo' }),
      )
    ).repositoryEndpoint!;

    const port = await freePort();
    const floorUrl = `http://127.0.0.1:${port}/`;
    const names = Array.from({ length: CRATES }, (_, i) => `bench-dep-${i}`);
    const publish = async (name: string, version: string) => {
      const crate = await buildCrateFile(name, version);
      const published = await fetch(`${endpoint}api/v1/crates/new`, {
        method: 'PUT',
        headers: { authorization: token },
        body: new Uint8Array(publishFrame(publishMetadata(name, version), crate)),
      });
      if (!published.ok) throw new Error(`publish ${name}: ${published.status} ${await published.text()}`);
      return crate;
    };
    for (const name of names) {
      const crate = await publish(name, VERSION);
      const index = await fetch(`${endpoint}${indexPath(name)}`, { headers: { authorization: token } });
      const file = join(staticRoot, indexPath(name));
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, Buffer.from(await index.arrayBuffer()));
      mkdirSync(join(staticRoot, 'dl'), { recursive: true });
      writeFileSync(join(staticRoot, 'dl', `${name}-${VERSION}.crate`), crate);
    }
    writeFileSync(join(staticRoot, 'config.json'), JSON.stringify({ dl: `${floorUrl}dl/{crate}-{version}.crate` }));
    const floor = await startStatic(staticRoot, port);

    const consumer = writeCrate('bench-consumer', '0.1.0', {
      dependencies: names.map((n) => `${n} = { version = "${VERSION}", registry = "quiver" }`),
    });
    const fetchCold = async (indexUrl: string): Promise<number> => {
      const home = cargoHome(indexUrl, token);
      try {
        rmSync(join(consumer, 'Cargo.lock'), { force: true });
        const started = process.hrtime.bigint();
        const result = await home.cargo(['fetch'], consumer);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        if (result.code !== 0) throw new Error(`cargo fetch from ${indexUrl} failed:\n${result.stderr}`);
        return elapsed;
      } finally {
        rmSync(home.home, { recursive: true, force: true });
      }
    };
    const fetched = { quiver: [] as number[], floor: [] as number[] };
    try {
      for (let i = 0; i < runs; i++) {
        fetched.quiver.push(await fetchCold(endpoint));
        fetched.floor.push(await fetchCold(floorUrl));
      }
    } finally {
      await stopProcess(floor);
      rmSync(consumer, { recursive: true, force: true });
    }
    for (let i = 0; i < versions; i++) await publish('bench-many', `1.0.${i}`);
    const throughput = [
      await againstFloor(
        `sparse index file, ${versions} versions`,
        { url: `${endpoint}${indexPath('bench-many')}`, method: 'GET', headers: { authorization: token } },
        server.child.pid!,
        seconds,
        connections,
      ),
    ];
    return { crates: CRATES, fetch: fetched, throughput };
  } finally {
    client.destroy();
    await stopProcess(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function printCargo(result: CargoBenchResult): void {
  console.log(
    `\n## Cargo: cold \`cargo fetch\` of a crate depending on ${result.crates} crates (fresh CARGO_HOME; ${result.fetch.quiver.length} runs each, alternating)\n`,
  );
  console.log('| registry | median | runs | of the static floor |');
  console.log('| --- | --- | --- | --- |');
  const floor = median(result.fetch.floor);
  for (const [label, runs] of [
    ['Quiver (SQLite + files)', result.fetch.quiver],
    ['static sparse index, bare node:http (floor)', result.fetch.floor],
  ] as const) {
    console.log(
      `| ${label} | ${median(runs).toFixed(2)} s | ${runs.map((s) => s.toFixed(2)).join(', ')} | ${((median(runs) / floor) * 100).toFixed(0)}% of its time |`,
    );
  }
}

// `node --import tsx bench/cargo-bench.ts` runs this section alone (BENCH_INSTALL_RUNS runs; BENCH_BUILT=0 uses src/).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  printCargo(
    await benchCargo(
      Number(process.env.BENCH_INSTALL_RUNS ?? 5),
      Number(process.env.BENCH_SECONDS ?? 5),
      Number(process.env.BENCH_CONNECTIONS ?? 32),
      Number(process.env.BENCH_FORMAT_VERSIONS ?? 200),
      process.env.BENCH_BUILT !== '0',
    ),
  );
