// Three Quiver processes on one PostgreSQL database and one S3 bucket behave as one: a write acknowledged by
// one is visible through the others on the next request, a page token from one works on another, and 8
// racing conditional status updates spread over the three leave exactly one winner per version.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribeRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { burstClient } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';
import { createTestBucket, S3_KEYS } from '../helpers/s3.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('PostgreSQL', 'moto_server');

const coords = { domain: 'shared', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const instances: QuiverProcess[] = [];
const clients: CodeartifactClient[] = [];
const dirs: string[] = [];
let dropDatabase: () => Promise<void>;

before(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  const { endpoint, bucket } = await createTestBucket();
  const shared = {
    QUIVER_DATABASE_URL: database.url,
    QUIVER_BLOB_URL: `s3://${bucket}/quiver`,
    QUIVER_S3_ENDPOINT: endpoint,
    QUIVER_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
    QUIVER_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
  };
  // Started together: the migrations run once, under the advisory lock.
  const started = await Promise.all(
    [0, 1, 2].map(() => {
      const dir = tempDir('quiver-instance-');
      dirs.push(dir);
      return spawnQuiver(dir, shared);
    }),
  );
  instances.push(...started);
  for (const instance of instances) clients.push(burstClient(instance.endpoint, instance.credentials, 16));
});

after(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(instances.map((instance) => stopProcess(instance.child)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
});

describe('three instances on one PostgreSQL and one bucket', () => {
  it("share one identity, and see each other's acknowledged writes on the next request", async () => {
    assert.deepEqual(instances[1]!.credentials, instances[0]!.credentials);
    assert.deepEqual(instances[2]!.credentials, instances[0]!.credentials);
    await clients[0]!.send(new CreateDomainCommand({ domain: 'shared' }));
    await clients[1]!.send(
      new CreateRepositoryCommand({ domain: 'shared', repository: 'repo', description: 'made on instance 1' }),
    );
    const described = await clients[2]!.send(new DescribeRepositoryCommand({ domain: 'shared', repository: 'repo' }));
    assert.equal(described.repository?.description, 'made on instance 1');

    const content = Buffer.from('published through instance 0');
    await clients[0]!.send(
      new PublishPackageVersionCommand({
        ...coords,
        packageVersion: '1.0.0',
        assetName: 'a',
        assetContent: content,
        assetSHA256: sha(content),
      }),
    );
    const downloaded = await clients[2]!.send(
      new GetPackageVersionAssetCommand({ ...coords, packageVersion: '1.0.0', asset: 'a' }),
    );
    assert.equal(
      await downloaded.asset!.transformToString(),
      'published through instance 0',
      'the bytes are in the shared bucket',
    );
  });

  it('a page token issued by one instance works on another', async () => {
    for (let i = 1; i <= 30; i++) {
      const content = Buffer.from(`v${i}`);
      await clients[i % 3]!.send(
        new PublishPackageVersionCommand({
          ...coords,
          packageVersion: `2.0.${i}`,
          assetName: 'a',
          assetContent: content,
          assetSHA256: sha(content),
        }),
      );
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    let page = 0;
    do {
      const result = await clients[page++ % 3]!.send(
        new ListPackageVersionsCommand({ ...coords, maxResults: 4, nextToken }),
      );
      seen.push(...result.versions!.map((v) => v.version!));
      nextToken = result.nextToken;
    } while (nextToken);
    assert.equal(seen.length, 31);
    assert.equal(new Set(seen).size, 31);
  });

  it('8 racing conditional updates spread over the three: exactly one winner per version', async () => {
    const versions = Array.from({ length: 10 }, (_, i) => `2.0.${i + 1}`);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        clients[i % 3]!.send(
          new UpdatePackageVersionsStatusCommand({
            ...coords,
            versions,
            expectedStatus: 'Published',
            targetStatus: i % 2 === 0 ? 'Archived' : 'Unlisted',
          }),
        ),
      ),
    );
    for (const version of versions) {
      assert.equal(
        results.filter((result) => result.successfulVersions?.[version]).length,
        1,
        `${version}: one winner`,
      );
    }
    const losers = results.filter((result) => Object.keys(result.successfulVersions ?? {}).length === 0);
    assert.equal(losers.length, 7);
    assert.ok(
      losers.every((loser) => Object.values(loser.failedVersions!).every((f) => f.errorCode === 'MISMATCHED_STATUS')),
    );
  });

  it('32 simultaneous publishes to one package, spread over the three, all succeed at the first attempt', async () => {
    // Every publish moves the package's change counter: without the advisory lock taken before each transaction
    // they conflict on that row, and retries ran out under this load (the clients here do not retry).
    const versions = Array.from({ length: 32 }, (_, i) => `5.0.${i}`);
    const results = await Promise.allSettled(
      versions.map((version, i) => {
        const content = Buffer.from(`contended ${version}`);
        return clients[i % 3]!.send(
          new PublishPackageVersionCommand({
            ...coords,
            package: 'contended',
            packageVersion: version,
            assetName: 'a',
            assetContent: content,
            assetSHA256: sha(content),
          }),
        );
      }),
    );
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
      [],
    );
    const listed = await clients[1]!.send(
      new ListPackageVersionsCommand({ ...coords, package: 'contended', maxResults: 100 }),
    );
    assert.deepEqual(listed.versions!.map((v) => v.version).sort(), [...versions].sort());
  });

  it('an npm packument cached by one instance follows writes made through the others on the next request', async () => {
    const { authorizationToken } = await clients[0]!.send(new GetAuthorizationTokenCommand({ domain: 'shared' }));
    const registry = (i: number) => `${instances[i]!.endpoint}/shared-${instances[i]!.credentials.accountId}/npm/repo/`;
    const headers = { authorization: `Bearer ${authorizationToken}`, 'content-type': 'application/json' };
    for (const version of ['1.0.0', '1.1.0']) {
      const tarball = Buffer.from(`left-pad ${version}`);
      const response = await fetch(`${registry(version === '1.0.0' ? 0 : 2)}left-pad`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({
          name: 'left-pad',
          'dist-tags': { latest: version },
          versions: {
            [version]: {
              name: 'left-pad',
              version,
              dist: { integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}` },
            },
          },
          _attachments: { [`left-pad-${version}.tgz`]: { data: tarball.toString('base64'), length: tarball.length } },
        }),
      });
      assert.equal(response.status, 201, await response.text());
    }
    const view = async () => {
      const response = await fetch(`${registry(1)}left-pad`, {
        headers: { ...headers, accept: 'application/vnd.npm.install-v1+json' },
      });
      assert.equal(response.status, 200);
      const body = (await response.json()) as {
        versions: Record<string, unknown>;
        'dist-tags': Record<string, string>;
      };
      return { versions: Object.keys(body.versions).sort(), latest: body['dist-tags'].latest };
    };
    assert.deepEqual(await view(), { versions: ['1.0.0', '1.1.0'], latest: '1.1.0' });
    assert.deepEqual(
      await view(),
      { versions: ['1.0.0', '1.1.0'], latest: '1.1.0' },
      "served again (from instance 1's cache)",
    );
    await clients[2]!.send(
      new UpdatePackageVersionsStatusCommand({
        domain: 'shared',
        repository: 'repo',
        format: 'npm',
        package: 'left-pad',
        versions: ['1.1.0'],
        targetStatus: 'Archived',
      }),
    );
    assert.deepEqual(
      await view(),
      { versions: ['1.0.0'], latest: '1.0.0' },
      'archived through instance 2: gone from instance 1 at once',
    );
    const tagged = await fetch(`${registry(0)}-/package/left-pad/dist-tags/beta`, {
      method: 'PUT',
      headers,
      body: JSON.stringify('1.0.0'),
    });
    assert.equal(tagged.status, 201);
    const tags = await fetch(`${registry(1)}left-pad`, { headers });
    assert.equal(
      ((await tags.json()) as { 'dist-tags': Record<string, string> })['dist-tags'].beta,
      '1.0.0',
      'a dist-tag set through instance 0',
    );
  });
});
