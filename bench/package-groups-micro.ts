// The package-group origin check alone, in process on a real SQLite store: originRules + allows (what
// recordVersion runs before every publish and retained copy), in a domain with 0, 20 and 200 groups of the
// package's format, the package's own group on ALLOW_SPECIFIC_REPOSITORIES (so its allowed list is read too).
// Reports microseconds per check.
//   node --import tsx bench/package-groups-micro.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageGroups } from '../src/domain/codeartifact/package-groups.js';
import { originRules } from '../src/domain/codeartifact/package-groups/origin.js';
import { Domains } from '../src/domain/codeartifact/domains.js';
import { Repositories } from '../src/domain/codeartifact/repositories.js';
import { BlobLifecycle } from '../src/domain/codeartifact/blob-lifecycle.js';
import { FsBlobStore } from '../src/blobs/fs-blob-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-groups-micro-'));
const store = new SqliteStore(join(dir, 'quiver.sqlite'));
try {
  const caller = { accountId: '111122223333', region: 'us-east-1', accessKeyId: 'bench' };
  const groups = new PackageGroups(store);
  await new Domains(store).create(caller, 'bench', undefined, [], 0);
  await new Repositories(store, new BlobLifecycle(store, new FsBlobStore(join(dir, 'blobs')))).create(
    caller,
    undefined,
    'bench',
    'repo',
    { upstreams: [], tags: [] },
    0,
  );
  const c = { ...caller, domainName: 'bench', repositoryName: 'repo', format: 'generic', namespace: 'ns', name: 'pkg' };
  const calls = 20_000;
  let made = 0;
  for (const size of [0, 20, 200]) {
    if (size > 0 && made === 0) {
      await groups.create(caller, undefined, 'bench', '/generic/ns/*', { tags: [] }, 0);
      await groups.updateOrigin(caller, undefined, 'bench', '/generic/ns/*', {
        restrictions: { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' },
        add: [{ repositoryName: 'repo', originRestrictionType: 'PUBLISH' }],
        remove: [],
      });
      made++;
    }
    for (; made < size; made++)
      await groups.create(caller, undefined, 'bench', `/generic/other${made}/*`, { tags: [] }, 0);
    const check = () => store.read(async (tx) => (await originRules(tx, c)).allows('PUBLISH', 'repo'));
    if (!(await check()).allowed) throw new Error('denied');
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await check();
    const micros = Number(process.hrtime.bigint() - started) / 1000 / calls;
    console.log(`${size} groups: ${micros.toFixed(1)} µs per check (${calls} checks)`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
