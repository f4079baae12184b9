// Where a request's time goes, measured so that a busy machine does not move it much:
//   - CPU time per request: the server's user + system CPU (from /proc/<pid>/stat) over the requests wrk
//     completed, for Quiver and for the floor answering the same bytes (CPU time, not wall time, so other
//     processes on the cores barely change it);
//   - a V8 CPU profile of the Quiver process (--cpu-prof) under the same load, summarised as self and
//     inclusive time per function and self time per area (HTTP, Fastify, SigV4, SQLite, codec, GC…).
// `node --import tsx bench/profile.ts [iot|ca-list|ca-status|panorama|imagebuilder|all] [seconds]` after
// `npm run build` (Quiver runs compiled, as users run it). On SQLite unless PROFILE_STORE=postgres.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { CreatePackageCommand, CreatePackageVersionCommand, IoTClient } from '@aws-sdk/client-iot';
import { codeartifact, signedFetch } from '../test/helpers/clients.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { spawnQuiver, stopProcess, type QuiverProcess } from '../test/helpers/quiver.js';
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

async function seed(server: QuiverProcess): Promise<void> {
  const { endpoint, credentials } = server;
  const ca = codeartifact(endpoint, credentials);
  const iot = new IoTClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
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
  // Image Builder: one build version of 100 packages (ListImagePackages pages at most 25).
  const imported = await signedFetch(endpoint, credentials, {
    path: '/_quiver/ImportImageInventory',
    service: 'imagebuilder',
    body: JSON.stringify({
      name: 'bench-base',
      semanticVersion: '1.0.0',
      platform: 'Linux',
      inventory: {
        format: 'dpkg',
        content: Array.from({ length: 100 }, (_, i) => `package-${i}\t1.${i}.0-1\n`).join(''),
      },
    }),
  });
  if (imported.status !== 200) throw new Error(`image import: ${imported.status} ${imported.text}`);
  ca.destroy();
  iot.destroy();
}

const CASES = ['iot', 'ca-list', 'ca-status', 'imagebuilder'] as const;

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
  if (name === 'imagebuilder') {
    const arn = `arn:aws:imagebuilder:us-east-1:${credentials.accountId}:image/bench-base/1.0.0/1`;
    return [
      await signedSpec(
        endpoint,
        credentials,
        'POST',
        '/ListImagePackages',
        {},
        JSON.stringify({ imageBuildVersionArn: arn, maxResults: 25 }),
        'imagebuilder',
      ),
    ];
  }
  return [await status('Archived'), await status('Published')];
}

async function main(): Promise<void> {
  const profileDir = mkdtempSync(join(tmpdir(), 'quiver-profile-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-profile-data-'));
  const database = process.env.PROFILE_STORE === 'postgres' ? await createTestDatabase() : undefined;
  const env: Record<string, string> = database ? { QUIVER_DATABASE_URL: database.url } : {};
  try {
    // Seed on a plain server, then profile each case on a fresh one (one profile file per case).
    const seeder = await spawnQuiver(dataDir, env, { built: true });
    await seed(seeder);
    await stopProcess(seeder.child);
    for (const name of CASES.filter((c) => which === 'all' || c === which)) {
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
