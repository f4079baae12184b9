// `npm run bench`: Quiver side by side with what users would otherwise run (Verdaccio) and with the physical
// floor (a bare node:http server returning the same bytes from memory), in one run, reported as ratios.
// Sections (BENCH_SECTIONS; default npm,pypi,maven,cargo,bundler,nuget,seed,moto): npm — packument (abbreviated
// and full, plain and gzip) and tarball throughput, then a cold `npm install`; pypi — a cold `pip install` and a
// large project page; maven — a cold mvn resolution of 50 artifacts and maven-metadata.xml; cargo — a cold
// `cargo fetch` of 30 crates and a sparse index file (bench/cargo-bench.ts); bundler — a cold `bundle install` of
// 30 gems, /info/<gem> and /versions (bench/bundler-bench.ts); nuget — the flat container and registration
// indexes and a .nupkg (bench/nuget-bench.ts); each client run against the same files from a bare node:http
// server, each index document against the floor answering its bytes (a package of BENCH_FORMAT_VERSIONS, 200).
// seed — the five AWS operations of the seed documents; moto — moto_server's IoT ListThings beside Quiver's IoT
// ListPackageVersions; scale (`-- --curves`) — every seed operation on catalogs of 1k, 100k and 1M (BENCH_SIZES);
// web (`-- --web`) — the web catalog's page render times on 10,000 packages and 1M versions (bench/web.ts).
// Throughput is driven by wrk in its own process (bench/wrk.ts), with each server's CPU time per request beside
// its rate. The output is markdown for bench/RESULTS.md: machine, tools and the exact command at the top, when
// each section ran and how loaded the machine was under it (bench/machine.ts), and bench/chart.svg.
// Peers are installed on first use (bench/peers) and every server is started and stopped here, on loopback.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratioChart, type Bar } from './chart.js';
import type { LoadResult } from './load.js';
import { benchNpm, type NpmBenchResult } from './npm-bench.js';
import { REGISTRY_LABEL, type RegistryKind } from './npm-registries.js';
import { benchPackageVersions, type ScaleRow } from './package-versions.js';
import { benchSeedOperations, type SeedOpRow } from './seed-ops.js';
import { benchWeb, printWeb, type WebRow } from './web.js';
import { benchPypi, type PypiBenchResult } from './pypi-bench.js';
import { benchMaven, type MavenBenchResult } from './maven-bench.js';
import { benchCargo, printCargo } from './cargo-bench.js';
import { benchBundler, type BundlerBenchResult } from './bundler-bench.js';
import { benchMoto, type MotoResult } from './moto-peer.js';
import { benchNuget, printNuget } from './nuget-bench.js';
import { commandLine, machineLine, timedSection, toolVersions } from './machine.js';
import { cell, cpuPct, cpuShare, type FloorCase, pct, printFloorCases } from './floor-case.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
// `npm run bench` runs the ratio sections (about 10 minutes); the slow ones are asked for by flag:
// `npm run bench -- --curves` (cost curves: 1k/100k/1M, BENCH_SIZES) and `-- --web` (web pages).
const flags = process.argv.slice(2);
const defaultSections = flags.includes('--curves')
  ? 'scale'
  : flags.includes('--web')
    ? 'web'
    : 'npm,pypi,maven,cargo,bundler,nuget,seed,moto';
const sections = new Set((process.env.BENCH_SECTIONS ?? defaultSections).split(','));
const kinds = (process.env.BENCH_REGISTRIES ?? 'verdaccio,quiver-sqlite,quiver-postgres-s3').split(
  ',',
) as RegistryKind[];
const installRuns = Number(process.env.BENCH_INSTALL_RUNS ?? 5);
/** Versions of the one package whose index / metadata document each format section loads (npm and PyPI have their own). */
const formatVersions = Number(process.env.BENCH_FORMAT_VERSIONS ?? 200);
const sizes = (process.env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map(Number);
const backends = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];

/** Every ratio the run produces, for bench/chart.svg: each section adds its own (see `ratio`). */
const chartBars: Bar[] = [];
function ratio(group: string, label: string, value: number, target?: number, byCpu?: number): void {
  if (Number.isFinite(value)) chartBars.push({ group, label, ratio: value, target, cpuRatio: byCpu });
}
/** A format's index / metadata throughput table, and its bars. */
function printFormatThroughput(format: string, cases: FloorCase[]): void {
  printFloorCases(`${format}: index and metadata throughput, ${connections} connections × ${seconds} s`, cases);
  for (const c of cases) ratio(format, c.case, c.quiver.rps / c.floor.rps, undefined, cpuShare(c.quiver, c.floor));
}
const times = (a: LoadResult | undefined, b: LoadResult | undefined) =>
  a && b ? `${(a.rps / b.rps).toFixed(1)}×` : '—';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const quiverKinds = () => kinds.filter((k): k is Exclude<RegistryKind, 'verdaccio'> => k !== 'verdaccio');

function printNpm(result: NpmBenchResult): void {
  console.log(`\n## npm: packument and tarball throughput, ${connections} connections × ${seconds} s\n`);
  console.log(
    `| request | ${kinds.map((k) => REGISTRY_LABEL[k]).join(' | ')} | floor (same bytes) | ${quiverKinds()
      .map((k) => `${REGISTRY_LABEL[k]}: of floor (by CPU time), vs Verdaccio`)
      .join(' | ')} |`,
  );
  console.log(
    `| --- | ${kinds.map(() => '---').join(' | ')} | --- | ${quiverKinds()
      .map(() => '---')
      .join(' | ')} |`,
  );
  for (const row of result.throughput) {
    const r = row.results;
    console.log(
      `| ${row.case}, ${(row.bytes / 1024).toFixed(1)} KB | ${kinds.map((k) => cell(r[k])).join(' | ')} | ${cell(r.floor)} | ${quiverKinds()
        .map((k) => `${pct(r[k], r.floor)} (${cpuPct(r[k], r.floor)}), ${times(r[k], r.verdaccio)}`)
        .join(' | ')} |`,
    );
  }
  for (const row of result.throughput)
    for (const k of kinds) {
      const r = row.results[k];
      if (r && row.results.floor)
        ratio(
          `npm ${row.case}`,
          REGISTRY_LABEL[k],
          r.rps / row.results.floor.rps,
          k === 'verdaccio' ? undefined : 0.5,
          cpuShare(r, row.results.floor),
        );
    }
  console.log('\n| registry | resident memory after publishing | peak under the load above |');
  console.log('| --- | --- | --- |');
  for (const k of kinds) {
    const m = result.memoryMb[k];
    if (m) console.log(`| ${REGISTRY_LABEL[k]} | ${m.idle.toFixed(0)} MB | ${m.peak.toFixed(0)} MB |`);
  }
  console.log(
    `\n## Cold \`npm install\` of ${result.install[0]?.packages ?? 0} packages (empty cache, no lockfile; ${installRuns} runs each, alternating between the registries)\n`,
  );
  console.log('| registry | median | runs | packages installed | vs Verdaccio |');
  console.log('| --- | --- | --- | --- | --- |');
  const verdaccio = result.install.find((i) => i.kind === 'verdaccio');
  for (const i of result.install) {
    const vs =
      verdaccio && i.kind !== 'verdaccio'
        ? `${((median(i.seconds) / median(verdaccio.seconds)) * 100).toFixed(0)}% of its time`
        : '—';
    console.log(
      `| ${REGISTRY_LABEL[i.kind]} | ${median(i.seconds).toFixed(2)} s | ${i.seconds.map((s) => s.toFixed(2)).join(', ')} | ${i.packages} | ${vs} |`,
    );
  }
}

function printPypi(result: PypiBenchResult): void {
  console.log(
    `\n## PyPI: cold \`pip install --no-deps\` of ${result.wheels} wheels (no cache; ${result.install.quiver.length} runs each, alternating)\n`,
  );
  console.log('| index | median | runs | of the static floor |');
  console.log('| --- | --- | --- | --- |');
  const floor = median(result.install.floor);
  for (const [label, runs] of [
    ['Quiver (SQLite + files)', result.install.quiver],
    ['static PEP 503 tree, bare node:http (floor)', result.install.floor],
  ] as const) {
    console.log(
      `| ${label} | ${median(runs).toFixed(2)} s | ${runs.map((s) => s.toFixed(2)).join(', ')} | ${((median(runs) / floor) * 100).toFixed(0)}% of its time |`,
    );
  }
  const { page } = result;
  printFloorCases(`PyPI: index and metadata throughput, ${connections} connections × ${seconds} s`, [
    {
      case: `project page, ${page.versions.toLocaleString('en')} versions (PEP 691 JSON)`,
      bytes: page.bytes,
      quiver: page.quiver,
      floor: page.floor,
    },
  ]);
  ratio(
    'PyPI',
    `cold pip install, ${result.wheels} wheels (floor time / Quiver time)`,
    floor / median(result.install.quiver),
  );
  ratio(
    'PyPI',
    `project page, ${page.versions.toLocaleString('en')} versions`,
    page.quiver.rps / page.floor.rps,
    undefined,
    cpuShare(page.quiver, page.floor),
  );
}

function printBundler(result: BundlerBenchResult): void {
  console.log(
    `\n## RubyGems: cold \`bundle install\` of ${result.gems} gems (no compact index cache; ${result.install.quiver.length} runs each, alternating)\n`,
  );
  console.log('| source | median | runs | of the static floor |');
  console.log('| --- | --- | --- | --- |');
  const floor = median(result.install.floor);
  for (const [label, runs] of [
    ['Quiver (SQLite + files)', result.install.quiver],
    ['same compact index and gems, bare node:http (floor)', result.install.floor],
  ] as const) {
    console.log(
      `| ${label} | ${median(runs).toFixed(2)} s | ${runs.map((s) => s.toFixed(2)).join(', ')} | ${((median(runs) / floor) * 100).toFixed(0)}% of its time |`,
    );
  }
}

function printMaven(result: MavenBenchResult): void {
  ratio(
    'Maven',
    `cold mvn compile, ${result.artifacts} artifacts (floor time / Quiver time)`,
    median(result.resolve.floor) / median(result.resolve.quiver),
  );
  console.log(
    `\n## Maven: cold \`mvn compile\` of an empty project depending on ${result.artifacts} artifacts (fresh local repository; ${result.resolve.quiver.length} runs each, alternating)\n`,
  );
  console.log('| repository | median | runs | of the static floor |');
  console.log('| --- | --- | --- | --- |');
  const floor = median(result.resolve.floor);
  for (const [label, runs] of [
    ['Quiver (SQLite + files)', result.resolve.quiver],
    ['static maven2 tree, bare node:http (floor)', result.resolve.floor],
  ] as const) {
    console.log(
      `| ${label} | ${median(runs).toFixed(2)} s | ${runs.map((s) => s.toFixed(2)).join(', ')} | ${((median(runs) / floor) * 100).toFixed(0)}% of its time |`,
    );
  }
}

function printSeed(backend: string, rows: SeedOpRow[], memory: { idle: number; peak: number }): void {
  console.log(`\n## The seed operations against the floor (${backend}), ${connections} connections × ${seconds} s\n`);
  console.log(
    '| operation | response | Quiver | floor (same bytes) | Quiver / floor | by CPU time (floor CPU / Quiver CPU per request) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(
      `| ${row.operation} | ${row.bytes.toLocaleString('en')} B | ${cell(row.quiver)} | ${cell(row.floor)} | ${pct(row.quiver, row.floor)} | ${cpuPct(row.quiver, row.floor)} |`,
    );
    ratio(
      `AWS seed operations (${backend})`,
      row.operation,
      row.quiver.rps / row.floor.rps,
      0.3,
      cpuShare(row.quiver, row.floor),
    );
  }
  console.log(
    `\nResident memory: ${memory.idle.toFixed(0)} MB after seeding, ${memory.peak.toFixed(0)} MB peak under the load.`,
  );
}

function printMoto(moto: MotoResult, quiver: { backend: string; row: SeedOpRow }[]): void {
  console.log(
    `\n## IoT, page of 100: moto ListThings beside Quiver ListPackageVersions; a new connection per request (\`Connection: close\`, both), ${connections} connections × ${seconds} s\n`,
  );
  console.log('| server | operation | response | throughput | Quiver / moto |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| moto_server ${motoVersion()} | ListThings, ${moto.things} things | ${moto.bytes.toLocaleString('en')} B | ${cell(moto.moto)} | — |`,
  );
  for (const { backend, row } of quiver)
    console.log(
      `| Quiver (${backend}) | ListPackageVersions, 100 versions | ${row.bytes.toLocaleString('en')} B | ${cell(row.quiverClose)} | ${times(row.quiverClose, moto.moto)} |`,
    );
  for (const { backend, row } of quiver)
    if (row.quiverClose)
      ratio(
        'IoT page of 100 vs moto (Connection: close; Quiver / moto, not a floor)',
        `Quiver (${backend})`,
        row.quiverClose.rps / moto.moto.rps,
        undefined,
        cpuShare(row.quiverClose, moto.moto),
      );
}

function motoVersion(): string {
  try {
    // moto_server has no --version; the Python package says.
    const shown = execFileSync('python3', ['-c', 'import moto; print(moto.__version__)']).toString().trim();
    return shown;
  } catch {
    return '';
  }
}

/** A sequential p99 (p50), with the count when the time budget cut it short of 500 (bench/aws-curves.ts). */
const seq = (r: LoadResult) =>
  `${r.p99ms.toFixed(1)} ms (${r.p50ms.toFixed(1)})${r.requests + r.errors < 500 ? ` [${r.requests} requests]` : ''}${r.errors ? `, ${r.errors} errors` : ''}`;
const publishCell = (r: LoadResult) =>
  `${r.rps.toFixed(0)} versions/s, p99 ${r.p99ms.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ''}`;

function printScale(rows: ScaleRow[]): void {
  for (const backend of new Set(rows.map((r) => r.backend))) {
    console.log(`\n## Catalog size (${backend}): one package of N versions\n`);
    console.log(
      `| versions | seeded in | start-up | list page of 100, sequential: first / deep / newest (p99) | page of 100 at ${connections} connections | UpdatePackageVersionsStatus × 100, sequential | PublishPackageVersion into this package, 16 clients | into 400 new packages, 16 clients | resident memory idle / peak |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows.filter((row) => row.backend === backend)) {
      console.log(
        `| ${r.versions.toLocaleString('en')} | ${r.seedSeconds.toFixed(1)} s | ${r.startupMs} ms | ${r.first.p99ms.toFixed(1)} / ${r.deep.p99ms.toFixed(1)} / ${r.newest.p99ms.toFixed(1)} ms | ${cell(r.loaded)} | ${cell(r.updates)} | ${publishCell(r.publishes)} | ${publishCell(r.publishesMany)} | ${r.memoryMb.idle.toFixed(0)} / ${r.memoryMb.peak.toFixed(0)} MB |`,
      );
    }
    console.log(
      `\n## Catalog size (${backend}): the other seed operations at N (same data directory and server), sequential p99 (p50)\n`,
    );
    console.log(
      '| N | IoT ListPackageVersions, one package of N versions, page of 100: first / deep | Panorama DescribePackageVersion, one package of N package versions | Image Builder ListImagePackages, one image of N packages, page of 25: first / deep | resident memory peak after these |',
    );
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of rows.filter((row) => row.backend === backend)) {
      const a = r.aws;
      console.log(
        `| ${r.versions.toLocaleString('en')} | ${seq(a.iotFirst)} / ${seq(a.iotDeep)} (after ${a.iotDepth.toLocaleString('en')}) | ${seq(a.panorama)} | ${seq(a.imagesFirst)} / ${seq(a.imagesDeep)} (after ${a.imagesDepth.toLocaleString('en')}) | ${r.memoryMb.peakAfterAws.toFixed(0)} MB |`,
      );
    }
  }
}

async function main(): Promise<void> {
  const machine = machineLine();
  const started = Date.now();
  console.log(`# Quiver bench — ${new Date().toISOString()}`);
  console.log(
    `\n- Machine: ${machine}; load average at start ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`- Tools: ${await toolVersions()}`);
  console.log(`- Command: \`${commandLine(flags)}\` on ${gitDescription()}`);
  console.log(
    `- Sections ${[...sections].join(', ')}; throughput: wrk, ${connections} connections × ${seconds} s per case after a 1 s warm-up; ${installRuns} client runs each`,
  );
  // Quiver is measured as users run it: compiled, `node dist/main.js serve`.
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });

  if (sections.has('npm'))
    await timedSection('npm', async () => printNpm(await benchNpm(kinds, seconds, connections, installRuns)));
  if (sections.has('pypi'))
    await timedSection('pypi', async () => printPypi(await benchPypi(seconds, connections, installRuns)));
  if (sections.has('maven'))
    await timedSection('maven', async () => {
      const maven = await benchMaven(installRuns, seconds, connections, formatVersions);
      printMaven(maven);
      printFormatThroughput('Maven', maven.throughput);
    });
  if (sections.has('cargo'))
    await timedSection('cargo', async () => {
      const cargo = await benchCargo(installRuns, seconds, connections, formatVersions);
      printCargo(cargo);
      const label = `cold cargo fetch, ${cargo.crates} crates (floor time / Quiver time)`;
      ratio('Cargo', label, median(cargo.fetch.floor) / median(cargo.fetch.quiver));
      printFormatThroughput('Cargo', cargo.throughput);
    });
  if (sections.has('bundler'))
    await timedSection('bundler', async () => {
      const bundler = await benchBundler(installRuns, seconds, connections, formatVersions);
      printBundler(bundler);
      const label = `cold bundle install, ${bundler.gems} gems (floor time / Quiver time)`;
      ratio('RubyGems', label, median(bundler.install.floor) / median(bundler.install.quiver));
      printFormatThroughput('RubyGems', bundler.throughput);
    });
  if (sections.has('nuget'))
    await timedSection('nuget', async () => {
      const nuget = await benchNuget(seconds, connections, formatVersions);
      printNuget(nuget, seconds, connections);
      for (const c of nuget.throughput)
        ratio('NuGet', c.case, c.quiver.rps / c.floor.rps, undefined, cpuShare(c.quiver, c.floor));
    });
  if (sections.has('seed'))
    await timedSection(sections.has('moto') ? 'seed, moto' : 'seed', async () => {
      const iotRows: { backend: string; row: SeedOpRow }[] = [];
      for (const backend of backends) {
        const { rows, memoryMb } = await benchSeedOperations(backend, seconds, connections);
        printSeed(backend, rows, memoryMb);
        for (const row of rows) if (row.quiverClose) iotRows.push({ backend, row });
      }
      if (sections.has('moto')) printMoto(await benchMoto(seconds, connections), iotRows);
    });
  if (sections.has('scale'))
    await timedSection('scale', async () => {
      const rows: ScaleRow[] = [];
      for (const backend of backends) rows.push(...(await benchPackageVersions(sizes, seconds, connections, backend)));
      printScale(rows);
    });
  if (sections.has('web'))
    await timedSection('web', async () => {
      const rows: WebRow[] = [];
      for (const backend of backends) rows.push(await benchWeb(backend));
      printWeb(rows);
    });
  if (chartBars.length > 0) {
    const file = process.env.BENCH_CHART ?? join(here, 'chart.svg');
    writeFileSync(
      file,
      ratioChart(
        'Quiver: throughput as a share of the bare-HTTP floor, every section of the run',
        `${new Date().toISOString().slice(0, 10)} · ${machine} · ${connections} connections`,
        chartBars,
      ),
    );
    console.log(`\nChart: ${file}`);
  }
  const total = (Date.now() - started) / 1000;
  console.log(`\nWhole run: ${Math.floor(total / 60)} min ${Math.round(total % 60)} s.`);
}

/** The commit measured (and whether the work tree had changes on top of it). */
function gitDescription(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: here }).toString().trim();
    const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') ? ', with uncommitted changes' : '';
    return `branch \`${branch}\` at ${git('rev-parse', '--short', 'HEAD')}${dirty}`;
  } catch {
    return 'an unknown commit';
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
