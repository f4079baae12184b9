// Sections 1 and 2 of `npm run bench`: npm packument and tarball throughput at C connections (Verdaccio,
// Quiver embedded, Quiver on PostgreSQL + S3, and the floor serving the same bytes), then a cold
// `npm install` of a ~150-package tree from each registry.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { LoadRequest, LoadResult } from './load.js';
import { runWrk } from './wrk.js';
import { coldInstallGraph, publishDocument, type PublishDocument } from './npm-corpus.js';
import { REGISTRY_LABEL, startRegistry, type NpmRegistryUnderTest, type RegistryKind } from './npm-registries.js';
import { memoryOf, startFloor } from './peers.js';

const run = promisify(execFile);
const ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

export interface ThroughputRow {
  case: string;
  bytes: number;
  results: Partial<Record<RegistryKind | 'floor', LoadResult>>;
}
export interface InstallRow {
  kind: RegistryKind;
  seconds: number[];
  packages: number;
}
export interface NpmBenchResult {
  throughput: ThroughputRow[];
  install: InstallRow[];
  memoryMb: Partial<Record<RegistryKind, { idle: number; peak: number }>>;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        out[index] = await fn(items[index]!);
      }
    }),
  );
  return out;
}

/** Versions 1.0.0 … of one package, published in order (each npm publish carries one version). */
async function versionsOf(name: string, count: number, codeBytes: number): Promise<PublishDocument[]> {
  return mapLimit(
    Array.from({ length: count }, (_, i) => `1.${Math.floor(i / 100)}.${i % 100}`),
    4,
    (version) => publishDocument(name, version, { 'cold-001': '^1.0.0' }, codeBytes),
  );
}

async function coldCorpus(count: number): Promise<PublishDocument[][]> {
  return mapLimit(coldInstallGraph(count), 4, async ({ name, dependencies }) =>
    Promise.all(['1.0.0', '1.1.0', '1.2.0'].map((version) => publishDocument(name, version, dependencies, 12_000))),
  );
}

// The large packument's size: publishing 1,000 versions one by one took 1–2 minutes per registry, most of the
// bench's 10-minute budget; BENCH_NPM_LARGE=1000 measures the old size.
const LARGE = Number(process.env.BENCH_NPM_LARGE ?? 200);

async function publishAll(registry: NpmRegistryUnderTest, packages: PublishDocument[][]): Promise<void> {
  // Eight at a time on every registry: PostgreSQL + S3 answered 500 here until publishes ran REPEATABLE READ under
  // their package lock (src/store/postgres/postgres-store.ts, test/scaleout/concurrent-publishes.test.ts).
  await mapLimit(packages, 8, async (versions) => {
    for (const document of versions) await registry.publish(document);
  });
}

const FULL = 'application/json';

/** The abbreviated (install) or full document, plain or gzip (`npm install` asks for gzip). */
function packumentRequest(
  registry: NpmRegistryUnderTest,
  name: string,
  accept = ABBREVIATED,
  gzip = false,
): LoadRequest {
  return {
    url: `${registry.registry}${name}`,
    method: 'GET',
    headers: { authorization: `Bearer ${registry.token}`, accept, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) },
  };
}

function tarballRequest(registry: NpmRegistryUnderTest, document: PublishDocument): LoadRequest {
  return {
    url: `${registry.registry}${document.name}/-/${document.name}-${document.version}.tgz`,
    method: 'GET',
    headers: { authorization: `Bearer ${registry.token}` },
  };
}

/** Fetches once and checks the registry serves what was published, so a fast wrong answer cannot win. */
/**
 * Fetches once, raw (a gzip answer stays compressed: the floor must send the same bytes), and checks the
 * registry serves what was published, so a fast wrong answer cannot win.
 */
async function sample(
  spec: LoadRequest,
  check: (body: Buffer) => string | undefined,
): Promise<{ body: Buffer; encoding?: string }> {
  const { status, body, encoding } = await new Promise<{ status: number; body: Buffer; encoding?: string }>(
    (resolve, reject) => {
      const req = httpRequest(spec.url, { headers: spec.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            encoding: res.headers['content-encoding'],
          }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
  const plain = encoding === 'gzip' ? gunzipSync(body) : body;
  const problem = status !== 200 ? `status ${status}: ${plain.toString().slice(0, 200)}` : check(plain);
  if (problem) throw new Error(`${spec.url}: ${problem}`);
  return { body, encoding };
}

const versionCount = (expected: number) => (body: Buffer) => {
  const count = Object.keys((JSON.parse(body.toString()) as { versions?: object }).versions ?? {}).length;
  return count === expected ? undefined : `${count} versions, expected ${expected}`;
};

async function coldInstall(
  registry: NpmRegistryUnderTest,
  roots: string[],
): Promise<{ seconds: number; packages: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-install-'));
  try {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'cold-install',
        version: '1.0.0',
        private: true,
        dependencies: Object.fromEntries(roots.map((r) => [r, '^1.0.0'])),
      }),
    );
    const url = new URL(registry.registry);
    writeFileSync(
      join(project, '.npmrc'),
      `registry=${registry.registry}\n//${url.host}${url.pathname}:_authToken=${registry.token}\n`,
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: dir,
      npm_config_cache: join(dir, 'cache'),
      npm_config_update_notifier: 'false',
    };
    for (const key of Object.keys(env))
      if (
        key.toLowerCase().startsWith('npm_config_') &&
        !['npm_config_cache', 'npm_config_update_notifier'].includes(key)
      )
        delete env[key];
    const started = process.hrtime.bigint();
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-online', '--loglevel=error'],
      { cwd: project, env, maxBuffer: 16 * 1024 * 1024 },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      seconds,
      packages: readdirSync(join(project, 'node_modules')).filter((n) => n.startsWith('cold-')).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchNpm(
  kinds: RegistryKind[],
  seconds: number,
  connections: number,
  installRuns: number,
): Promise<NpmBenchResult> {
  console.error(`bench: building the npm corpus (${40 + LARGE} + 450 tarballs)…`);
  const small = await versionsOf('bench-40', 40, 24_000);
  const large = await versionsOf('bench-large', LARGE, 24_000);
  const cold = await coldCorpus(150);
  const tarball = small[small.length - 1]!;
  const tarballSha = createHash('sha256')
    .update(
      Buffer.from(
        (JSON.parse(tarball.body) as { _attachments: Record<string, { data: string }> })._attachments[
          `bench-40-${tarball.version}.tgz`
        ]!.data,
        'base64',
      ),
    )
    .digest('hex');
  const cases = [
    ...(
      [
        ['abbreviated', ABBREVIATED, 'application/vnd.npm.install-v1+json'],
        ['full', FULL, FULL],
      ] as const
    ).flatMap(([form, accept, type]) =>
      [false, true].map((gzip) => ({
        case: `packument, 40 versions (${form}${gzip ? ', gzip' : ''})`,
        request: (r: NpmRegistryUnderTest) => packumentRequest(r, 'bench-40', accept, gzip),
        check: versionCount(40),
        type,
      })),
    ),
    {
      case: `packument, ${LARGE.toLocaleString('en')} versions (abbreviated)`,
      request: (r: NpmRegistryUnderTest) => packumentRequest(r, 'bench-large'),
      check: versionCount(LARGE),
      type: 'application/vnd.npm.install-v1+json',
    },
    {
      case: `tarball (${(tarball.tarballBytes / 1024).toFixed(0)} KB)`,
      request: (r: NpmRegistryUnderTest) => tarballRequest(r, tarball),
      type: 'application/octet-stream',
      check: (body: Buffer) =>
        createHash('sha256').update(body).digest('hex') === tarballSha ? undefined : 'not the published bytes',
    },
  ];
  const result: NpmBenchResult = {
    throughput: cases.map((c) => ({ case: c.case, bytes: 0, results: {} })),
    install: [],
    memoryMb: {},
  };
  const floorBodies: ({ body: Buffer; encoding?: string } | undefined)[] = [];

  // All registries stay up together, so the cold installs can alternate between them (V, Q, Q, V, Q, Q, …):
  // npm itself dominates an install's time, and this machine's noise drifts; alternating spreads it evenly.
  const registries: NpmRegistryUnderTest[] = [];
  try {
    for (const kind of kinds) {
      console.error(
        `bench: ${REGISTRY_LABEL[kind]} — publishing ${small.length + large.length + cold.length * 3} versions…`,
      );
      const registry = await startRegistry(kind);
      registries.push(registry);
      const publishStarted = Date.now();
      await publishAll(registry, [small, large, ...cold]);
      console.error(`bench:   published in ${((Date.now() - publishStarted) / 1000).toFixed(1)} s`);
    }
    for (const registry of registries) {
      const idle = memoryOf(registry.pid).rssMb;
      for (const [index, c] of cases.entries()) {
        const spec = c.request(registry);
        const answer = await sample(spec, c.check);
        if (registry.kind !== 'verdaccio') floorBodies[index] ??= answer; // the floor answers what Quiver answers
        if (registry.kind !== 'verdaccio') result.throughput[index]!.bytes ||= answer.body.length;
        result.throughput[index]!.results[registry.kind] = await runWrk(spec, connections, seconds, {
          pid: registry.pid,
        });
      }
      result.memoryMb[registry.kind] = { idle, peak: memoryOf(registry.pid).peakMb };
    }
    const runs = new Map<RegistryKind, number[]>(registries.map((r) => [r.kind, []]));
    const packages = new Map<RegistryKind, number>();
    for (let round = 0; round < installRuns; round++) {
      for (const registry of round % 2 === 0 ? registries : [...registries].reverse()) {
        const installed = await coldInstall(registry, ['cold-000', 'cold-003', 'cold-010']);
        runs.get(registry.kind)!.push(installed.seconds);
        packages.set(registry.kind, installed.packages);
      }
    }
    for (const registry of registries)
      result.install.push({
        kind: registry.kind,
        seconds: runs.get(registry.kind)!,
        packages: packages.get(registry.kind) ?? 0,
      });
  } finally {
    for (const registry of registries) await registry.stop();
  }
  for (const [index, c] of cases.entries()) {
    const { body, encoding } = floorBodies[index]!;
    const floor = await startFloor(body, c.type, encoding);
    try {
      result.throughput[index]!.results.floor = await runWrk(
        { url: `${floor.endpoint}/x`, method: 'GET', headers: { accept: ABBREVIATED } },
        connections,
        seconds,
        { pid: floor.child.pid! },
      );
    } finally {
      await floor.stop();
    }
  }
  return result;
}
