// What the package-group origin check costs a publish: sequential PublishPackageVersion calls (latency, not
// throughput) into a domain with no groups, then into the same domain with 200 groups of the package's format
// (one of them the package's own, ALLOW_SPECIFIC_REPOSITORIES, so its allowed list is read too). Quiver runs as
// its own process on the embedded store.
//   node --import tsx bench/package-groups.ts        (BENCH_PUBLISHES, default 300)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreatePackageGroupCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
  UpdatePackageGroupOriginConfigurationCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../test/helpers/clients.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';

const publishes = Number(process.env.BENCH_PUBLISHES ?? 300);
const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-groups-'));
const server = await spawnQuiver(dataDir);
const ca = codeartifact(server.endpoint, server.credentials);
try {
  await ca.send(new CreateDomainCommand({ domain: 'bench' }));
  await ca.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'repo' }));
  const run = async (label: string, first: number) => {
    const started = process.hrtime.bigint();
    for (let i = first; i < first + publishes; i++) {
      const content = Buffer.from(`asset ${i}`);
      await ca.send(
        new PublishPackageVersionCommand({
          domain: 'bench',
          repository: 'repo',
          format: 'generic',
          namespace: 'ns',
          package: 'pkg',
          packageVersion: `1.0.${i}`,
          assetName: 'a.bin',
          assetContent: content,
          assetSHA256: createHash('sha256').update(content).digest('hex'),
        }),
      );
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${label}: ${publishes} publishes, ${(ms / publishes).toFixed(2)} ms each`);
  };
  await run('warm-up, no groups', 0);
  await run('no groups', publishes);
  for (let i = 0; i < 199; i++)
    await ca.send(new CreatePackageGroupCommand({ domain: 'bench', packageGroup: `/generic/other${i}/*` }));
  await ca.send(new CreatePackageGroupCommand({ domain: 'bench', packageGroup: '/generic/ns/*' }));
  await ca.send(
    new UpdatePackageGroupOriginConfigurationCommand({
      domain: 'bench',
      packageGroup: '/generic/ns/*',
      restrictions: { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' },
      addAllowedRepositories: [{ repositoryName: 'repo', originRestrictionType: 'PUBLISH' }],
    }),
  );
  await run('200 groups, ALLOW_SPECIFIC_REPOSITORIES', publishes * 2);
} finally {
  ca.destroy();
  await stopProcess(server.child);
  rmSync(dataDir, { recursive: true, force: true });
}
