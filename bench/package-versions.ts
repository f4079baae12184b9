// ListPackageVersions (page of 100) and UpdatePackageVersionsStatus (100 versions) on packages of 1k and
// 100k versions. The catalog is seeded straight through the Store (one transaction), then served by a
// fresh Quiver process; latencies are measured over HTTP with real SigV4-signed requests.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDomainCommand, CreateRepositoryCommand, ListPackageVersionsCommand, PublishPackageVersionCommand } from '@aws-sdk/client-codeartifact';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { codeartifact } from '../test/helpers/clients.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { runLoad, runSequential, type LoadRequest, type LoadResult } from './load.js';
import { signedSpec } from './signing.js';

const coords = { domain: 'bench', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };

async function seed(dataDir: string, versions: number): Promise<void> {
  const store = new SqliteStore(join(dataDir, 'quiver.sqlite'));
  try {
    const accountId = (await store.read((tx) => tx.getSetting('root_account_id')))!;
    await store.write(async (tx) => {
      const pkg = (await tx.getPackage({ accountId, region: 'us-east-1', domainName: 'bench', repositoryName: 'repo', format: 'generic', namespace: 'ns', name: 'pkg' }))!;
      const asset = (await tx.listAssets((await tx.getVersion(pkg.id, '0.0.0'))!.id, undefined, 1))[0]!;
      const now = Date.now();
      for (let i = 1; i < versions; i++) {
        const version = `${Math.floor(i / 10000)}.${Math.floor(i / 100) % 100}.${i % 100}`;
        const created = await tx.insertVersion({
          packageId: pkg.id, version, status: 'Published', revision: createHash('sha256').update(version).digest('base64'),
          originType: 'INTERNAL', entryRepository: 'repo', publishedAt: now + i, updatedAt: now + i, details: {},
        });
        if (created) await tx.insertAsset({ ...asset, versionId: created.id });
      }
    });
  } finally {
    await store.close();
  }
}

const fmt = (r: LoadResult) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms${r.errors ? `, ${r.errors} errors` : ''}`;

export async function benchPackageVersions(sizes: number[], seconds: number, connections: number): Promise<void> {
  console.log('\n## ListPackageVersions and UpdatePackageVersionsStatus by catalog size\n');
  console.log('| versions in the package | ListPackageVersions page of 100, sequential | same, middle of the list | same, sortBy=PUBLISHED_TIME | page of 100 at ' + connections + ' connections | UpdatePackageVersionsStatus × 100 versions, sequential |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const size of sizes) {
    const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-pv-'));
    try {
      let server = await spawnQuiver(dataDir);
      const setup = codeartifact(server.endpoint, server.credentials);
      await setup.send(new CreateDomainCommand({ domain: 'bench' }));
      await setup.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'repo' }));
      const content = Buffer.from('bench asset');
      await setup.send(new PublishPackageVersionCommand({ ...coords, packageVersion: '0.0.0', assetName: 'a', assetContent: content, assetSHA256: createHash('sha256').update(content).digest('hex') }));
      setup.destroy();
      await stopProcess(server.child);
      const seededAt = Date.now();
      await seed(dataDir, size);
      const seedSeconds = (Date.now() - seededAt) / 1000;

      server = await spawnQuiver(dataDir);
      const client = codeartifact(server.endpoint, server.credentials);
      try {
        const query = { domain: 'bench', repository: 'repo', format: 'generic', namespace: 'ns', package: 'pkg', 'max-results': '100' };
        const middle = await (async () => {
          let token: string | undefined;
          for (let i = 0; i < Math.min(50, size / 200); i++) {
            token = (await client.send(new ListPackageVersionsCommand({ ...coords, maxResults: Math.min(1000, Math.floor(size / 10)), nextToken: token }))).nextToken;
          }
          return token;
        })();
        const first = await signedSpec(server.endpoint, server.credentials, 'POST', '/v1/package/versions', query);
        const mid = await signedSpec(server.endpoint, server.credentials, 'POST', '/v1/package/versions', middle ? { ...query, 'next-token': middle } : query);
        const newest = await signedSpec(server.endpoint, server.credentials, 'POST', '/v1/package/versions', { ...query, sortBy: 'PUBLISHED_TIME' });
        const firstResult = await runSequential(() => first, 500);
        const midResult = await runSequential(() => mid, 500);
        const newestResult = await runSequential(() => newest, 500);
        const loaded = await runLoad(first, connections, seconds);

        const batch = Array.from({ length: 100 }, (_, i) => `0.${Math.floor((i + 1) / 100) % 100}.${(i + 1) % 100}`);
        const updateSpecs: LoadRequest[] = [];
        for (let i = 0; i < 200; i++) {
          updateSpecs.push(await signedSpec(server.endpoint, server.credentials, 'POST', '/v1/package/versions/update_status',
            { domain: 'bench', repository: 'repo', format: 'generic', namespace: 'ns', package: 'pkg' },
            JSON.stringify({ versions: batch, targetStatus: i % 2 === 0 ? 'Archived' : 'Published' })));
        }
        let n = 0;
        const updates = await runSequential(() => updateSpecs[n++]!, updateSpecs.length);
        console.log(`| ${size.toLocaleString('en')} (seeded in ${seedSeconds.toFixed(1)} s) | ${fmt(firstResult)} | ${fmt(midResult)} | ${fmt(newestResult)} | ${fmt(loaded)} | ${fmt(updates)} |`);
      } finally {
        client.destroy();
        await stopProcess(server.child);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
