// The cost curves (`npm run bench -- --curves`): CodeArtifact ListPackageVersions (page of 100),
// UpdatePackageVersionsStatus (100 versions) and PublishPackageVersion on one package of N versions, and the other
// seed operations at the same N (bench/aws-curves.ts: IoT, Panorama, Image Builder). The catalog is seeded by
// server-side SQL, then served by a fresh compiled Quiver; latencies are measured over HTTP with real
// SigV4-signed requests.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { codeartifact } from '../test/helpers/clients.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { runSequential, type LoadRequest, type LoadResult } from './load.js';
import { runWrk } from './wrk.js';
import { memoryOf } from './peers.js';
import { signedSpec } from './signing.js';
import { awsSeedSql, createAwsSeeds, measureAws, type AwsCurve } from './aws-curves.js';

const coords = { domain: 'bench', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };

/**
 * Adds `versions - 1` Published versions (each with the one asset of 0.0.0) in one server-side statement per
 * table: a recursive CTE on SQLite, generate_series on PostgreSQL. The sort key is built the way the Store
 * builds it (every digit run padded to 12), so the seeded rows page exactly like published ones.
 */
async function seed(dataDir: string, versions: number, databaseUrl?: string): Promise<void> {
  const now = Date.now();
  const node = (expr: string, pg: boolean) => (pg ? `lpad((${expr})::text, 12, '0')` : `printf('%012d', ${expr})`);
  const sql = (pg: boolean) => {
    const version = pg
      ? `(i / 10000)::text || '.' || ((i / 100) % 100)::text || '.' || (i % 100)::text`
      : `(i / 10000) || '.' || ((i / 100) % 100) || '.' || (i % 100)`;
    const sortKey = `${node('i / 10000', pg)} || '.' || ${node('(i / 100) % 100', pg)} || '.' || ${node('i % 100', pg)}`;
    const withSeries = pg
      ? ''
      : `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${versions - 1})`;
    return [
      `INSERT INTO ca_package_versions (package_id, version, sort_key, status, revision, origin_type, entry_repository, published_at, updated_at, details)
       ${withSeries} SELECT p.id, ${version}, ${sortKey}, 'Published', 'rev-' || i, 'INTERNAL', 'repo', ${now} + i, ${now} + i, '{}'
       FROM ${pg ? `generate_series(1, ${versions - 1}) AS s(i)` : 'seq'}, ca_packages p WHERE p.name = 'pkg'`,
      `INSERT INTO ca_assets (version_id, name, sha256, size, md5, sha1, sha512, created_at)
       SELECT v.id, a.name, a.sha256, a.size, a.md5, a.sha1, a.sha512, a.created_at FROM ca_package_versions v
       JOIN ca_assets a ON a.version_id = (SELECT id FROM ca_package_versions WHERE version = '0.0.0') WHERE v.version <> '0.0.0'`,
      ...awsSeedSql(pg, versions, withSeries, version, sortKey),
    ];
  };
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // Per-row triggers keep ca_packages.change_seq; a million of them on one row is the seed's cost, not the
      // catalog's, so they are off for the seed (replica role) and the counter moved once after.
      await client.query('SET session_replication_role = replica');
      for (const statement of sql(true)) await client.query(statement);
      await client.query('SET session_replication_role = DEFAULT');
      await client.query('UPDATE ca_packages SET change_seq = change_seq + 1');
      // VACUUM now, not autovacuum during the measurement (it was: p99 of deep pages 13 → 69 ms at 1M).
      await client.query('VACUUM ANALYZE');
    } finally {
      await client.end();
    }
  } else {
    const db = new Database(join(dataDir, 'quiver.sqlite'));
    try {
      db.transaction(() => {
        for (const statement of sql(false)) db.exec(statement);
      })();
      db.exec('ANALYZE');
    } finally {
      db.close();
    }
  }
}

export interface ScaleRow {
  backend: 'sqlite' | 'postgres';
  versions: number;
  seedSeconds: number;
  startupMs: number;
  first: LoadResult;
  deep: LoadResult;
  newest: LoadResult;
  loaded: LoadResult;
  updates: LoadResult;
  publishes: LoadResult;
  /** The same number of publishes, each into a package of its own. */
  publishesMany: LoadResult;
  /** Peak after the CodeArtifact operations; `peakAfterAws` after the other services' too. */
  memoryMb: { idle: number; peak: number; peakAfterAws: number };
  aws: AwsCurve;
}

/** Publishes `count` new versions with `concurrency` SDK clients at once; the rate is what a CI fleet would see. */
async function publishRate(
  client: ReturnType<typeof codeartifact>,
  count: number,
  concurrency: number,
  packageOf: (i: number) => string = () => coords.package,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const content = Buffer.from(`published during the bench: ${i}`);
        const t = process.hrtime.bigint();
        try {
          await client.send(
            new PublishPackageVersionCommand({
              ...coords,
              package: packageOf(i),
              packageVersion: `1000.0.${i}`,
              assetName: 'a',
              assetContent: content,
              assetSHA256: createHash('sha256').update(content).digest('hex'),
            }),
          );
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { requests: latencies.length, seconds, rps: latencies.length / seconds, p50ms: at(50), p99ms: at(99), errors };
}

export async function benchPackageVersions(
  sizes: number[],
  seconds: number,
  connections: number,
  backend: 'sqlite' | 'postgres' = 'sqlite',
): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    console.error(`bench: ${size.toLocaleString('en')} versions on ${backend}…`);
    const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-pv-'));
    const database = backend === 'postgres' ? await createTestDatabase() : undefined;
    const env: Record<string, string> = database ? { QUIVER_DATABASE_URL: database.url } : {};
    try {
      let server = await spawnQuiver(dataDir, env, { built: true });
      const setup = codeartifact(server.endpoint, server.credentials);
      await setup.send(new CreateDomainCommand({ domain: 'bench' }));
      await setup.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'repo' }));
      const content = Buffer.from('bench asset');
      await setup.send(
        new PublishPackageVersionCommand({
          ...coords,
          packageVersion: '0.0.0',
          assetName: 'a',
          assetContent: content,
          assetSHA256: createHash('sha256').update(content).digest('hex'),
        }),
      );
      setup.destroy();
      const awsSeeds = await createAwsSeeds(server.endpoint, server.credentials);
      await stopProcess(server.child);
      const seededAt = Date.now();
      await seed(dataDir, size, database?.url);
      const seedSeconds = (Date.now() - seededAt) / 1000;

      const startedAt = Date.now();
      server = await spawnQuiver(dataDir, env, { built: true });
      const startupMs = Date.now() - startedAt;
      const idle = memoryOf(server.child.pid!).rssMb;
      const client = codeartifact(server.endpoint, server.credentials);
      try {
        const query = {
          domain: 'bench',
          repository: 'repo',
          format: 'generic',
          namespace: 'ns',
          package: 'pkg',
          'max-results': '100',
        };
        const middle = await (async () => {
          let token: string | undefined;
          for (let i = 0; i < Math.min(50, size / 200); i++) {
            token = (
              await client.send(
                new ListPackageVersionsCommand({
                  ...coords,
                  maxResults: Math.min(1000, Math.floor(size / 10)),
                  nextToken: token,
                }),
              )
            ).nextToken;
          }
          return token;
        })();
        const first = await signedSpec(server.endpoint, server.credentials, 'POST', '/v1/package/versions', query);
        const mid = await signedSpec(
          server.endpoint,
          server.credentials,
          'POST',
          '/v1/package/versions',
          middle ? { ...query, 'next-token': middle } : query,
        );
        const newest = await signedSpec(server.endpoint, server.credentials, 'POST', '/v1/package/versions', {
          ...query,
          sortBy: 'PUBLISHED_TIME',
        });
        const firstResult = await runSequential(() => first, 500);
        const midResult = await runSequential(() => mid, 500);
        const newestResult = await runSequential(() => newest, 500);
        const loaded = await runWrk(first, connections, seconds, { pid: server.child.pid! });

        const batch = Array.from({ length: 100 }, (_, i) => `0.${Math.floor((i + 1) / 100) % 100}.${(i + 1) % 100}`);
        const updateSpecs: LoadRequest[] = [];
        for (let i = 0; i < 200; i++) {
          updateSpecs.push(
            await signedSpec(
              server.endpoint,
              server.credentials,
              'POST',
              '/v1/package/versions/update_status',
              { domain: 'bench', repository: 'repo', format: 'generic', namespace: 'ns', package: 'pkg' },
              JSON.stringify({ versions: batch, targetStatus: i % 2 === 0 ? 'Archived' : 'Published' }),
            ),
          );
        }
        let n = 0;
        const updates = await runSequential(() => updateSpecs[n++]!, updateSpecs.length);
        const publishes = await publishRate(client, 400, 16);
        const publishesMany = await publishRate(client, 400, 16, (i) => `many-${i}`);
        const peak = memoryOf(server.child.pid!).peakMb;
        const aws = await measureAws(server.endpoint, server.credentials, awsSeeds, size);
        rows.push({
          backend,
          versions: size,
          seedSeconds,
          startupMs,
          first: firstResult,
          deep: midResult,
          newest: newestResult,
          loaded,
          updates,
          publishes,
          publishesMany,
          memoryMb: { idle, peak, peakAfterAws: memoryOf(server.child.pid!).peakMb },
          aws,
        });
      } finally {
        client.destroy();
        await stopProcess(server.child);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    }
  }
  return rows;
}
