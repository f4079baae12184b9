// The web catalog at scale: page render times (HTTP round trip of the full HTML, one signed-in browser session,
// sequential) on a catalog of 10,000 packages in one repository and one package holding the rest of N versions
// (BENCH_WEB_VERSIONS, default 1,000,000). Seeded server-side in one statement per table, as
// package-versions.ts seeds, then served by a fresh compiled Quiver process; SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-codeartifact';
import Database from 'better-sqlite3';
import pg from 'pg';
import { versionSortKey } from '../src/store/sql/keys.js';
import { codeartifact } from '../test/helpers/clients.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { publishNpm, signInCookie } from '../test/helpers/web.js';
import { README } from '../test/helpers/web-seed.js';
import { runSequential, type LoadResult } from './load.js';

export const WEB_PACKAGES = 10_000;

export interface WebRow {
  backend: 'sqlite' | 'postgres';
  versions: number;
  seedSeconds: number;
  pages: { page: string; path: string; bytes: number; result: LoadResult }[];
}

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** 9,999 more packages beside `pkg-00000` with one version each, and `big` grown to `versions` versions. */
function seedSql(postgres: boolean, versions: number, now: number): string[] {
  const pad5 = (expr: string) => (postgres ? `lpad((${expr})::text, 5, '0')` : `printf('%05d', ${expr})`);
  const pad12 = (expr: string) => (postgres ? `lpad((${expr})::text, 12, '0')` : `printf('%012d', ${expr})`);
  const series = (n: number) =>
    postgres
      ? `generate_series(1, ${n}) AS s(i)`
      : `(WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n}) SELECT i FROM seq)`;
  const text = (expr: string) => (postgres ? `(${expr})::text` : `(${expr})`);
  const bigVersions = versions - WEB_PACKAGES;
  return [
    `INSERT INTO ca_packages (account_id, region, domain_name, repository_name, format, namespace, name, publish, upstream, created_at)
     SELECT p.account_id, p.region, p.domain_name, p.repository_name, 'npm', '', 'pkg-' || ${pad5('i')}, 'ALLOW', 'BLOCK', ${now}
     FROM ${series(WEB_PACKAGES - 1)}, ca_packages p WHERE p.name = 'pkg-00000'`,
    `INSERT INTO ca_package_versions (package_id, version, sort_key, status, revision, origin_type, entry_repository, published_at, updated_at, details)
     SELECT p.id, '1.0.0', '${versionSortKey('1.0.0')}', 'Published', 'rev-1', 'INTERNAL', 'catalog', ${now}, ${now}, '{}'
     FROM ca_packages p WHERE p.name LIKE 'pkg-%' AND p.name <> 'pkg-00000'`,
    `INSERT INTO ca_package_versions (package_id, version, sort_key, status, revision, origin_type, entry_repository, published_at, updated_at, details)
     SELECT p.id, ${text('i / 10000')} || '.' || ${text('(i / 100) % 100')} || '.' || ${text('i % 100')},
       ${pad12('i / 10000')} || '.' || ${pad12('(i / 100) % 100')} || '.' || ${pad12('i % 100')},
       CASE WHEN i % 10 = 0 THEN 'Archived' ELSE 'Published' END, 'rev-' || ${text('i')}, 'INTERNAL', 'catalog', ${now} + i, ${now} + i, '{}'
     FROM ${series(bigVersions)}, ca_packages p WHERE p.name = 'big'`,
  ];
}

async function seed(dataDir: string, versions: number, databaseUrl: string | undefined): Promise<void> {
  const statements = seedSql(databaseUrl !== undefined, versions, Date.now());
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // The change counters' triggers are the seed's cost, not the catalog's (see package-versions.ts).
      await client.query('SET session_replication_role = replica');
      for (const statement of statements) await client.query(statement);
      await client.query('SET session_replication_role = DEFAULT');
      await client.query('UPDATE ca_packages SET change_seq = change_seq + 1');
      await client.query('VACUUM ANALYZE');
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(join(dataDir, 'quiver.sqlite'));
  try {
    db.transaction(() => {
      for (const statement of statements) db.exec(statement);
    })();
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

export async function benchWeb(
  backend: 'sqlite' | 'postgres',
  versions = Number(process.env.BENCH_WEB_VERSIONS ?? 1_000_000),
  requests = Number(process.env.BENCH_WEB_REQUESTS ?? 40),
): Promise<WebRow> {
  console.error(
    `bench: web catalog, ${WEB_PACKAGES.toLocaleString('en')} packages and ${versions.toLocaleString('en')} versions on ${backend}…`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-web-'));
  const database = backend === 'postgres' ? await createTestDatabase() : undefined;
  const env: Record<string, string> = database ? { QUIVER_DATABASE_URL: database.url } : {};
  try {
    let server = await spawnQuiver(dataDir, env, { built: true });
    const client = codeartifact(server.endpoint, server.credentials);
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'catalog' }));
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'bench' }))).authorizationToken!;
    client.destroy();
    const registry = `${server.endpoint}/bench-${server.credentials.accountId}/npm/catalog/`;
    // Real publishes for the rows the seed copies, and a readme for the package page to render.
    await publishNpm(registry, token, 'pkg-00000', '1.0.0');
    await publishNpm(registry, token, 'big', '1000.0.0', { readme: README, dependencies: { 'pkg-00001': '^1.0.0' } });
    await stopProcess(server.child);
    const seededAt = Date.now();
    await seed(dataDir, versions, database?.url);
    const seedSeconds = (Date.now() - seededAt) / 1000;

    server = await spawnQuiver(dataDir, env, { built: true });
    try {
      const cookie = await signInCookie(server.endpoint, server.credentials);
      const big = '/ui/domains/bench/catalog/npm/big';
      const cases: [string, string][] = [
        ['domains', '/ui/domains'],
        ['repositories of a domain', '/ui/domains/bench'],
        ['packages, first page', '/ui/domains/bench/catalog'],
        [
          'packages, deep page (after pkg-09900)',
          `/ui/domains/bench/catalog?after=${cursor({ format: 'npm', namespace: '', name: 'pkg-09900' })}`,
        ],
        ['packages, name prefix pkg-05', '/ui/domains/bench/catalog?prefix=pkg-05'],
        [`package of ${(versions - WEB_PACKAGES + 1).toLocaleString('en')} versions`, big],
        [
          'its history, by version, deep page',
          `${big}?order=version&after=${cursor({ order: 'version', version: `${Math.floor((versions - WEB_PACKAGES) / 20000)}.0.0` })}`,
        ],
        ['its history, Archived only', `${big}?status=Archived`],
        ['a package of one version', '/ui/domains/bench/catalog/npm/pkg-05000'],
        ['search "pkg-07"', '/ui/search?q=pkg-07'],
        ['search "b"', '/ui/search?q=b'],
      ];
      const pages: WebRow['pages'] = [];
      for (const [label, path] of cases) {
        const url = `${server.endpoint}${path}`;
        const first = await fetch(url, { headers: { cookie } });
        const body = await first.text();
        if (first.status !== 200) throw new Error(`${path}: ${first.status} ${body.slice(0, 300)}`);
        const result = await runSequential(() => ({ url, method: 'GET', headers: { cookie } }), requests);
        pages.push({ page: label, path, bytes: Buffer.byteLength(body), result });
      }
      return { backend, versions, seedSeconds, pages };
    } finally {
      await stopProcess(server.child);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

export function printWeb(rows: WebRow[]): void {
  for (const row of rows) {
    console.log(
      `\n## Web catalog (${row.backend}): ${WEB_PACKAGES.toLocaleString('en')} packages, ${row.versions.toLocaleString('en')} versions (seeded in ${row.seedSeconds.toFixed(0)} s); full HTML page, one session, sequential\n`,
    );
    console.log('| page | HTML | p50 | p99 |');
    console.log('| --- | --- | --- | --- |');
    for (const p of row.pages)
      console.log(
        `| ${p.page} | ${(p.bytes / 1024).toFixed(1)} KB | ${p.result.p50ms.toFixed(1)} ms | ${p.result.p99ms.toFixed(1)} ms${p.result.errors ? `, ${p.result.errors} errors` : ''} |`,
      );
  }
}
