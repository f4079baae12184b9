// Where a request's time goes, measured so that a busy machine does not move it much:
//   - CPU time per request: the server's user + system CPU (from /proc/<pid>/stat) over the requests wrk
//     completed, for Quiver and for the floor answering the same bytes (CPU time, not wall time, so other
//     processes on the cores barely change it);
//   - a V8 CPU profile of the Quiver process (--cpu-prof) under the same load, summarised as self and
//     inclusive time per function and self time per area (HTTP, Fastify, SigV4, SQLite, codec, GC…).
// `node --import tsx bench/profile.ts [iot|ca-list|ca-status|panorama|imagebuilder|npm-packument|npm-tarball|all]
// [seconds]` after `npm run build` (Quiver runs compiled, as users run it). On SQLite unless
// PROFILE_STORE=postgres; blobs in files unless PROFILE_BLOBS=s3 (moto_server, as the tests find it).
// PROFILE_STATEMENTS=1 (PostgreSQL) profiles nothing: it sends each case's request 100 times, one at a time, and
// prints the PostgreSQL queries (round trips) per request, by statement (bench/statement-counter.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { CreatePackageCommand, CreatePackageVersionCommand, IoTClient } from '@aws-sdk/client-iot';
import {
  CreatePackageCommand as CreatePanoramaPackage,
  PanoramaClient,
  RegisterPackageVersionCommand,
} from '@aws-sdk/client-panorama';
import { codeartifact, signedFetch } from '../test/helpers/clients.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { spawnQuiver, stopProcess, type QuiverProcess } from '../test/helpers/quiver.js';
import { createTestBucket, S3_KEYS } from '../test/helpers/s3.js';
import { publishDocument } from './npm-corpus.js';
import type { LoadRequest } from './load.js';
import { startFloor } from './peers.js';
import { signedSpec } from './signing.js';
import { runWrk } from './wrk.js';

const which = process.argv[2] ?? 'all';
const seconds = Number(process.argv[3] ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const AREAS: [string, RegExp][] = [
  ['GC', /^\(garbage collector\)$/],
  ['idle', /^\(idle\)$/],
  ['program (native, unattributed)', /^\(program\)$/],
  [
    'SigV4 (@smithy signer, our checks)',
    /@smithy\/signature-v4|@smithy\/hash-node|@smithy\/protocol-http|@smithy\/util|aws\/sigv4/,
  ],
  ['SQLite (better-sqlite3)', /better-sqlite3|store\/sqlite/],
  ['PostgreSQL (pg)', /node_modules\/pg|store\/postgres/],
  ['AWS codec / serialiser', /aws\/codec|aws\/response/],
  ['AWS engine / router / validate', /dist\/aws\//],
  ['domain', /dist\/domain\//],
  ['Fastify (routing, hooks, reply)', /fastify|find-my-way|avvio|light-my-request|pino/],
  [
    'node HTTP / net / streams',
    /node:_http|node:http|node:net|node:internal\/(http|streams|stream_base|net)|node:stream|node:events/,
  ],
  ['other Quiver code', /dist\//],
];

function summarise(file: string, requests: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const selfByName = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    total += us;
    const key = name(node);
    selfByName.set(key, (selfByName.get(key) ?? 0) + us);
    const label = node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : node.callFrame.url;
    const area =
      AREAS.find(([, re]) => re.test(label))?.[0] ??
      `other: ${node.callFrame.url || node.callFrame.functionName}`.slice(0, 60);
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (area !== 'idle') busy += us;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at)!);
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
      seen.add(k);
    }
  }
  const perRequest = (us: number) => `${(us / requests).toFixed(1)} µs/req`;
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  console.log(
    `\n  profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy, ${requests} requests`,
  );
  console.log('  by area (self time, share of busy):');
  for (const [area, us] of [...areas]
    .sort((a, b) => b[1] - a[1])
    .filter(([a]) => a !== 'idle')
    .slice(0, 16))
    console.log(`    ${pct(us).padStart(6)}  ${perRequest(us).padStart(14)}  ${area}`);
  console.log('  top functions, self:');
  for (const [k, us] of [...selfByName].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`    ${pct(us).padStart(6)}  ${k}`);
  console.log('  top functions, inclusive (Quiver and its libraries):');
  for (const [k, us] of [...inclusive]
    .filter(([k]) => /dist\/|node_modules\//.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30))
    console.log(`    ${pct(us).padStart(6)}  ${k}`);
}

/** What the seed left for the cases: Panorama's package id, Image Builder's image, npm's token. */
const seeded = { panoramaPackage: '', imageArn: '', npmToken: '', npmVersion: '' };

async function seed(server: QuiverProcess, cases: readonly string[]): Promise<void> {
  const { endpoint, credentials } = server;
  const ca = codeartifact(endpoint, credentials);
  const iot = new IoTClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const panorama = new PanoramaClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  await ca.send(new CreateDomainCommand({ domain: 'bench' }));
  await ca.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'repo' }));
  const coords = { domain: 'bench', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };
  for (let i = 0; i < 150; i++) {
    const content = Buffer.from(`asset of 1.${Math.floor(i / 100)}.${i % 100}`);
    await ca.send(
      new PublishPackageVersionCommand({
        ...coords,
        packageVersion: `1.${Math.floor(i / 100)}.${i % 100}`,
        assetName: 'a.bin',
        assetContent: content,
        assetSHA256: createHash('sha256').update(content).digest('hex'),
      }),
    );
  }
  await iot.send(new CreatePackageCommand({ packageName: 'firmware', description: 'bench' }));
  for (let i = 0; i < 100; i++)
    await iot.send(
      new CreatePackageVersionCommand({
        packageName: 'firmware',
        versionName: `1.0.${i}`,
        attributes: { build: String(i) },
      }),
    );
  // The other seeds only for the cases that read them (the npm one publishes 40 tarballs).
  if (cases.includes('panorama')) await seedPanorama(panorama);
  if (cases.includes('imagebuilder')) await seedImage(server);
  if (cases.some((c) => c.startsWith('npm-'))) await seedNpm(server, ca);
  ca.destroy();
  iot.destroy();
  panorama.destroy();
}

async function seedPanorama(panorama: PanoramaClient): Promise<void> {
  const { PackageId } = await panorama.send(new CreatePanoramaPackage({ PackageName: 'camera_app' }));
  await panorama.send(
    new RegisterPackageVersionCommand({
      PackageId,
      PackageVersion: '1.0',
      PatchVersion: createHash('sha256').update('manifest').digest('hex'),
      MarkLatest: true,
    }),
  );
  seeded.panoramaPackage = PackageId!;
}

async function seedImage({ endpoint, credentials }: QuiverProcess): Promise<void> {
  const imported = await signedFetch(endpoint, credentials, {
    path: '/_quiver/ImportImageInventory',
    service: 'imagebuilder',
    body: JSON.stringify({
      name: 'Debian Base',
      semanticVersion: '1.0.0',
      platform: 'Linux',
      inventory: { format: 'dpkg', content: execFileSync('dpkg-query', ['-W']).toString() },
    }),
  });
  if (imported.status !== 200) throw new Error(`importing the image inventory: ${imported.text}`);
  seeded.imageArn = (imported.json as { imageBuildVersionArn: string }).imageBuildVersionArn;
}

async function seedNpm(server: QuiverProcess, ca: ReturnType<typeof codeartifact>): Promise<void> {
  // npm: the bench's 40-version package (bench/npm-bench.ts), published one version at a time.
  await ca.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'npm-bench' }));
  const { authorizationToken } = await ca.send(
    new GetAuthorizationTokenCommand({ domain: 'bench', durationSeconds: 43200 }),
  );
  seeded.npmToken = authorizationToken!;
  for (let i = 0; i < 40; i++) {
    const document = await publishDocument('bench-40', `1.0.${i}`, { 'cold-001': '^1.0.0' }, 24_000);
    const response = await fetch(`${npmRegistry(server)}bench-40`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${seeded.npmToken}`, 'content-type': 'application/json' },
      body: document.body,
    });
    if (response.status >= 300) throw new Error(`npm publish: ${response.status} ${await response.text()}`);
    seeded.npmVersion = document.version;
  }
}

const npmRegistry = (server: QuiverProcess) =>
  `${server.endpoint}/bench-${server.credentials.accountId}/npm/npm-bench/`;

const CASES = ['iot', 'ca-list', 'ca-status', 'panorama', 'imagebuilder', 'npm-packument', 'npm-tarball'] as const;

/** The case's pre-signed request(s) for a server (the Host header, so the port, is part of the signature). */
async function requestsFor(server: QuiverProcess, name: (typeof CASES)[number]): Promise<LoadRequest[]> {
  const { endpoint, credentials } = server;
  const query = { domain: 'bench', repository: 'repo', format: 'generic', namespace: 'ns', package: 'pkg' };
  const status = (target: string) =>
    signedSpec(
      endpoint,
      credentials,
      'POST',
      '/v1/package/versions/update_status',
      query,
      JSON.stringify({ versions: Array.from({ length: 10 }, (_, i) => `1.0.${i}`), targetStatus: target }),
    );
  if (name === 'iot')
    return [
      await signedSpec(
        endpoint,
        credentials,
        'GET',
        '/packages/firmware/versions',
        { maxResults: '100' },
        undefined,
        'iot',
      ),
    ];
  if (name === 'ca-list')
    return [
      await signedSpec(endpoint, credentials, 'POST', '/v1/package/versions', { ...query, 'max-results': '100' }),
    ];
  if (name === 'panorama')
    return [
      await signedSpec(
        endpoint,
        credentials,
        'GET',
        `/packages/metadata/${seeded.panoramaPackage}/versions/1.0`,
        {},
        undefined,
        'panorama',
      ),
    ];
  if (name === 'imagebuilder')
    return [
      await signedSpec(
        endpoint,
        credentials,
        'POST',
        '/ListImagePackages',
        {},
        JSON.stringify({ imageBuildVersionArn: seeded.imageArn, maxResults: 25 }),
        'imagebuilder',
      ),
    ];
  const authorization = `Bearer ${seeded.npmToken}`;
  if (name === 'npm-packument')
    return [
      {
        url: `${npmRegistry(server)}bench-40`,
        method: 'GET',
        headers: { authorization, accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*' },
      },
    ];
  if (name === 'npm-tarball')
    return [
      {
        url: `${npmRegistry(server)}bench-40/-/bench-40-${seeded.npmVersion}.tgz`,
        method: 'GET',
        headers: { authorization },
      },
    ];
  return [await status('Archived'), await status('Published')];
}

/** Queries sent to PostgreSQL per request, by statement, over 100 sequential requests after 5 unmeasured ones. */
async function countStatements(
  dataDir: string,
  env: Record<string, string>,
  cases: (typeof CASES)[number][],
  dir: string,
): Promise<void> {
  const file = join(dir, 'counts.json');
  const server = await spawnQuiver(
    dataDir,
    { ...env, QUIVER_STATEMENT_COUNTS: file },
    { built: true, nodeArgs: ['--import', 'tsx', '--import', './bench/statement-counter.ts'] },
  );
  const dump = async (): Promise<[string, number][]> => {
    rmSync(file, { force: true });
    server.child.kill('SIGUSR2');
    while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return JSON.parse(readFileSync(file, 'utf8')) as [string, number][];
  };
  try {
    for (const name of cases) {
      const requests = await requestsFor(server, name);
      const send = async (i: number) => {
        const spec = requests[i % requests.length]!;
        const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${name}: ${response.status} ${text.slice(0, 300)}`);
      };
      for (let i = 0; i < 6; i++) await send(i);
      await dump();
      // PROFILE_STATEMENTS_CONCURRENCY=32 sends them from that many loops at once: retried writes show up.
      const n = 100 * Number(process.env.PROFILE_STATEMENTS_CONCURRENCY ?? 1);
      let next = 0;
      const cpuBefore = cpuMs(server.child.pid!);
      await Promise.all(
        Array.from({ length: Number(process.env.PROFILE_STATEMENTS_CONCURRENCY ?? 1) }, async () => {
          while (next < n) await send(next++);
        }),
      );
      const cpu = ((cpuMs(server.child.pid!) - cpuBefore) * 1000) / n;
      const all = await dump();
      const roundTrips = all.find(([text]) => text === '(round trips)')?.[1] ?? 0;
      const counts = all.filter(([text]) => text !== '(round trips)').sort((a, b) => b[1] - a[1]);
      const total = counts.reduce((sum, [, c]) => sum + c, 0);
      console.log(
        `\n## ${name}: ${(total / n).toFixed(2)} PostgreSQL queries, ${(roundTrips / n).toFixed(2)} round trips, ${cpu.toFixed(0)} µs server CPU per request`,
      );
      for (const [text, count] of counts) console.log(`  ${(count / n).toFixed(2).padStart(6)}  ${text}`);
    }
  } finally {
    await stopProcess(server.child);
  }
}

async function main(): Promise<void> {
  const profileDir = mkdtempSync(join(tmpdir(), 'quiver-profile-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-profile-data-'));
  const database = process.env.PROFILE_STORE === 'postgres' ? await createTestDatabase() : undefined;
  const env: Record<string, string> = database ? { QUIVER_DATABASE_URL: database.url } : {};
  if (process.env.PROFILE_BLOBS === 's3') {
    const { endpoint, bucket } = await createTestBucket();
    Object.assign(env, {
      QUIVER_BLOB_URL: `s3://${bucket}/quiver`,
      QUIVER_S3_ENDPOINT: endpoint,
      QUIVER_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
      QUIVER_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
    });
  }
  try {
    // Seed on a plain server, then profile each case on a fresh one (one profile file per case).
    const seeder = await spawnQuiver(dataDir, env, { built: true });
    const cases = CASES.filter((c) => which === 'all' || c === which);
    await seed(seeder, cases);
    await stopProcess(seeder.child);
    if (process.env.PROFILE_STATEMENTS === '1') return await countStatements(dataDir, env, cases, profileDir);
    for (const name of cases) {
      const dir = join(profileDir, name);
      const server = await spawnQuiver(dataDir, env, {
        built: true,
        nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'],
      });
      const fresh = await requestsFor(server, name);
      const first = fresh[0]!;
      const sample = await fetch(first.url, { method: first.method, headers: first.headers, body: first.body });
      const body = Buffer.from(await sample.arrayBuffer());
      if (sample.status !== 200) throw new Error(`${name}: ${sample.status} ${body.toString().slice(0, 300)}`);
      await runWrk(fresh, connections, 1, { warmup: false });
      const before = cpuMs(server.child.pid!);
      const quiver = await runWrk(fresh, connections, seconds, { warmup: false });
      const after = cpuMs(server.child.pid!);
      await stopProcess(server.child);
      const floor = await startFloor(body, 'application/json');
      const floorSpec = { ...first, url: first.url.replace(server.endpoint, floor.endpoint) };
      await runWrk(floorSpec, connections, 1, { warmup: false });
      const floorBefore = cpuMs(floor.child.pid!);
      const floorLoad = await runWrk(floorSpec, connections, seconds, { warmup: false });
      const floorAfter = cpuMs(floor.child.pid!);
      await floor.stop();
      console.log(
        `\n## ${name} (${body.length} B): Quiver ${quiver.rps.toFixed(0)} req/s, floor ${floorLoad.rps.toFixed(0)} req/s (${((quiver.rps / floorLoad.rps) * 100).toFixed(0)}%)`,
      );
      console.log(
        `  server CPU time per request: Quiver ${(((after - before) * 1000) / quiver.requests).toFixed(0)} µs, floor ${(((floorAfter - floorBefore) * 1000) / floorLoad.requests).toFixed(0)} µs`,
      );
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) summarise(join(dir, file), quiver.requests);
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
