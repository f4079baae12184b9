// Package-group origin controls across instances: two Quiver processes on one PostgreSQL database. The check
// reads the groups in the writing transaction (no per-instance cache), so a change made through one instance
// decides the very next publish through the other, in both directions.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  AccessDeniedException,
  CreateDomainCommand,
  CreatePackageGroupCommand,
  CreateRepositoryCommand,
  DescribePackageGroupCommand,
  PublishPackageVersionCommand,
  UpdatePackageGroupOriginConfigurationCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';

await requirePrerequisites('PostgreSQL');

const instances: QuiverProcess[] = [];
const clients: CodeartifactClient[] = [];
const dirs: string[] = [];
let dropDatabase: () => Promise<void>;
const sha = (data: string) => createHash('sha256').update(data).digest('hex');

before(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  const started = await Promise.all(
    [0, 1].map(() => {
      const dir = tempDir('quiver-instance-');
      dirs.push(dir);
      return spawnQuiver(dir, { QUIVER_DATABASE_URL: database.url });
    }),
  );
  instances.push(...started);
  for (const instance of instances) clients.push(codeartifact(instance.endpoint, instance.credentials));
});

after(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(instances.map((instance) => stopProcess(instance.child)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
});

const publish = (on: number, version: string) =>
  clients[on]!.send(
    new PublishPackageVersionCommand({
      domain: 'shared',
      repository: 'repo',
      format: 'generic',
      namespace: 'team',
      package: 'lib',
      packageVersion: version,
      assetName: 'a',
      assetContent: Buffer.from(version),
      assetSHA256: sha(version),
    }),
  );
const setPublish = (on: number, mode: 'ALLOW' | 'BLOCK') =>
  clients[on]!.send(
    new UpdatePackageGroupOriginConfigurationCommand({
      domain: 'shared',
      packageGroup: '/generic/team/*',
      restrictions: { PUBLISH: mode },
    }),
  );

describe('package groups on two instances of one database', () => {
  it('a change through one instance decides the next publish through the other', async () => {
    await clients[0]!.send(new CreateDomainCommand({ domain: 'shared' }));
    await clients[0]!.send(new CreateRepositoryCommand({ domain: 'shared', repository: 'repo' }));
    await clients[0]!.send(new CreatePackageGroupCommand({ domain: 'shared', packageGroup: '/generic/team/*' }));
    await publish(1, '1.0.0');
    await setPublish(0, 'BLOCK');
    await assert.rejects(publish(1, '1.1.0'), AccessDeniedException);
    await setPublish(1, 'ALLOW');
    await publish(0, '1.2.0');
    const described = await clients[0]!.send(
      new DescribePackageGroupCommand({ domain: 'shared', packageGroup: '/generic/team/*' }),
    );
    assert.equal(described.packageGroup?.originConfiguration?.restrictions?.PUBLISH?.mode, 'ALLOW');
  });
});
