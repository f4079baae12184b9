// What authorization costs: two seed operations (CodeArtifact ListPackageVersions and
// UpdatePackageVersionsStatus) under load, signed by the account root (no identity policy, only the
// resource-policy lookups) and by a user with a 10-statement identity policy (conditions and wildcards; one
// statement grants). Quiver runs as its own process (`quiver serve`, via tsx), on the embedded store.
//   node --import tsx bench/authorization.ts        (BENCH_SECONDS, BENCH_CONNECTIONS)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../test/helpers/clients.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { createUser } from '../test/access/cli.js';
import { runLoad, type LoadResult } from './load.js';
import { signedSpec } from './signing.js';
import { TEN_STATEMENTS } from './authorization-policy.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-authz-'));
const server = await spawnQuiver(dataDir);
const root = server.credentials;
try {
  const ca = codeartifact(server.endpoint, root);
  await ca.send(new CreateDomainCommand({ domain: 'bench' }));
  await ca.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'repo' }));
  const coords = { domain: 'bench', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };
  for (let i = 0; i < 200; i++) {
    const content = Buffer.from(`asset ${i}`);
    await ca.send(
      new PublishPackageVersionCommand({
        ...coords,
        packageVersion: `1.0.${i}`,
        assetName: 'a.bin',
        assetContent: content,
        assetSHA256: createHash('sha256').update(content).digest('hex'),
      }),
    );
  }
  ca.destroy();
  const user = await createUser(dataDir, root.accountId, 'ci-bench', { ten: TEN_STATEMENTS });

  const cases = async (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const list = await signedSpec(server.endpoint, credentials, 'POST', '/v1/package/versions', {
      ...coords,
      'max-results': '100',
    });
    const status = (target: string) =>
      signedSpec(
        server.endpoint,
        credentials,
        'POST',
        '/v1/package/versions/update_status',
        coords,
        JSON.stringify({ versions: Array.from({ length: 10 }, (_, i) => `1.0.${i}`), targetStatus: target }),
      );
    const [archive, publish] = await Promise.all([status('Archived'), status('Published')]);
    let flip = 0;
    return [
      { name: 'ListPackageVersions (page of 100)', spec: list },
      { name: 'UpdatePackageVersionsStatus (10 versions)', spec: () => (flip++ % 2 === 0 ? archive : publish) },
    ];
  };
  const results: Record<string, Record<string, LoadResult>> = {};
  for (const [who, credentials] of [
    ['root', root],
    ['user, 10 statements', user],
  ] as const) {
    for (const c of await cases(credentials)) {
      const result = await runLoad(c.spec, connections, seconds);
      if (result.errors > 0) throw new Error(`${who} ${c.name}: ${result.errors} errors`);
      results[c.name] = { ...results[c.name], [who]: result };
    }
  }
  console.log(
    `| operation (${connections} connections × ${seconds} s, SQLite) | root req/s | user req/s | user/root | p99 root / user (ms) |`,
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, row] of Object.entries(results)) {
    const r = row.root!;
    const u = row['user, 10 statements']!;
    console.log(
      `| ${name} | ${r.rps.toFixed(0)} | ${u.rps.toFixed(0)} | ${(u.rps / r.rps).toFixed(2)} | ${r.p99ms.toFixed(1)} / ${u.p99ms.toFixed(1)} |`,
    );
  }
} finally {
  await stopProcess(server.child);
  rmSync(dataDir, { recursive: true, force: true });
}
