// Concurrent publishes on the scale-out configuration (PostgreSQL, and S3 when QUIVER_TEST_BLOBS=s3): every
// valid publish of a burst is acknowledged (never a 500) and every acknowledged version is listed afterwards.
// Publishes of different packages share no rows, yet under SERIALIZABLE they once failed with 40001 after all
// retries (SSI page locks, see isolationOf in src/store/postgres/postgres-store.ts); publishes of one package
// queue on its advisory lock.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreatePackageGroupCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  ListPackagesCommand,
  PublishPackageVersionCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { buildCrateFile, publishFrame, publishMetadata } from '../helpers/cargo.js';
import { burstClient } from '../helpers/clients.js';
import { npmWorld, type NpmWorld } from '../helpers/npm.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';

await requirePrerequisites('PostgreSQL');

const DOMAIN = 'burst';
const REPOSITORY = 'repo';
let instance: QuiverProcess;
let client: CodeartifactClient;
let world: NpmWorld;
let dataDir: string;
let dropDatabase: () => Promise<void>;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

before(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  dataDir = tempDir('quiver-burst-');
  instance = await spawnQuiver(dataDir, { QUIVER_DATABASE_URL: database.url });
  client = burstClient(instance.endpoint, instance.credentials, 32);
  await client.send(new CreateDomainCommand({ domain: DOMAIN }));
  await client.send(new CreateRepositoryCommand({ domain: DOMAIN, repository: REPOSITORY }));
  // A package group, so every publish's origin check reads groups in its transaction, as in a real domain.
  await client.send(new CreatePackageGroupCommand({ domain: DOMAIN, packageGroup: '/generic/team/*' }));
  world = npmWorld(instance.endpoint, instance.credentials);
  await world.login(DOMAIN, REPOSITORY);
});

after(async () => {
  client.destroy();
  await stopProcess(instance.child);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
  await dropDatabase();
});

const publishGeneric = (name: string, version: string) => {
  const content = Buffer.from(`${name}@${version} `.repeat(64));
  return client.send(
    new PublishPackageVersionCommand({
      domain: DOMAIN,
      repository: REPOSITORY,
      format: 'generic',
      namespace: 'team',
      package: name,
      packageVersion: version,
      assetName: `${name}-${version}.bin`,
      assetContent: content,
      assetSHA256: sha(content),
    }),
  );
};

const listedVersions = async (format: 'generic' | 'npm', name: string, namespace?: string) => {
  const listed = await client.send(
    new ListPackageVersionsCommand({
      domain: DOMAIN,
      repository: REPOSITORY,
      format,
      namespace,
      package: name,
      maxResults: 100,
    }),
  );
  return (listed.versions ?? []).map((v) => v.version!).sort();
};

/** Every promise's outcome: the test reports all failures of a burst, not only the first. */
const failures = (results: PromiseSettledResult<unknown>[], labels: string[]) =>
  results.flatMap((result, i) =>
    result.status === 'rejected'
      ? [`${labels[i]}: ${(result.reason as Error).name} ${(result.reason as Error).message}`.slice(0, 300)]
      : [],
  );

describe('concurrent publishes on PostgreSQL', () => {
  it('16 concurrent PublishPackageVersion into 16 new packages all succeed and are all listed', async () => {
    const names = Array.from({ length: 16 }, (_, i) => `new-pkg-${i}`);
    const results = await Promise.allSettled(names.map((name) => publishGeneric(name, '1.0.0')));
    assert.deepEqual(failures(results, names), []);
    for (const result of results) {
      assert.equal(result.status, 'fulfilled');
      assert.equal((result as PromiseFulfilledResult<{ status?: string }>).value.status, 'Published');
    }
    for (const name of names) assert.deepEqual(await listedVersions('generic', name, 'team'), ['1.0.0']);
  });

  it('16 clients publishing 400 new packages, one after another each, all succeed and are all listed', async () => {
    const names = Array.from({ length: 400 }, (_, i) => `many-${String(i).padStart(4, '0')}`);
    const queue = [...names];
    const failed: string[] = [];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        try {
          await publishGeneric(name, '1.0.0');
        } catch (error) {
          failed.push(`${name}: ${(error as Error).name} ${(error as Error).message}`.slice(0, 300));
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.deepEqual(failed, []);
    const listed: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListPackagesCommand({
          domain: DOMAIN,
          repository: REPOSITORY,
          format: 'generic',
          packagePrefix: 'many-',
          maxResults: 1000,
          nextToken,
        }),
      );
      listed.push(...(page.packages ?? []).map((p) => p.package!));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(listed.sort(), names, 'every new package is there once');
    for (const name of names.filter((_, i) => i % 25 === 0))
      assert.deepEqual(await listedVersions('generic', name, 'team'), ['1.0.0']);
  });

  it('16 concurrent versions of one package all succeed and are all listed', async () => {
    const versions = Array.from({ length: 16 }, (_, i) => `2.${i}.0`);
    const results = await Promise.allSettled(versions.map((version) => publishGeneric('one-pkg', version)));
    assert.deepEqual(failures(results, versions), []);
    assert.deepEqual(await listedVersions('generic', 'one-pkg', 'team'), [...versions].sort());
  });

  it('8 concurrent `npm publish` of different packages all succeed and are all listed', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `burst-npm-${i}`);
    const dirs = names.map((name) => world.packageDir(name, '1.0.0'));
    const results = await Promise.allSettled(dirs.map((dir) => world.npmOutput(dir, 'publish')));
    assert.deepEqual(
      failures(
        results.map((r) =>
          r.status === 'rejected'
            ? { status: 'rejected', reason: new Error(String((r.reason as { stderr?: string }).stderr ?? r.reason)) }
            : r,
        ),
        names,
      ),
      [],
    );
    for (const name of names) {
      assert.deepEqual(await listedVersions('npm', name), ['1.0.0']);
      const view = JSON.parse(await world.npm(world.home, 'view', `${name}@1.0.0`, 'version', '--json'));
      assert.equal(view, '1.0.0');
    }
  });

  it('concurrent publishes of colliding crate names (`-` vs `_`, two packages): exactly one crate is created', async () => {
    // The one publish whose check reads *other* packages (cargo's name collision): its writers share a
    // contention key by canonical name, so the check still sees the other spelling's commit.
    const indexUrl = (
      await client.send(new GetRepositoryEndpointCommand({ domain: DOMAIN, repository: REPOSITORY, format: 'cargo' }))
    ).repositoryEndpoint!;
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain: DOMAIN }))).authorizationToken!;
    const spellings = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? `race-crate-${i}` : `race_crate_${i}`));
    for (let round = 0; round < 4; round++) {
      const names = spellings.map((s) => s.replace(/\d+$/, String(round)));
      const frames = await Promise.all(
        names.map(async (name) => publishFrame(publishMetadata(name, '1.0.0'), await buildCrateFile(name, '1.0.0'))),
      );
      const statuses = await Promise.all(
        frames.map(async (body) => {
          const response = await fetch(`${indexUrl}api/v1/crates/new`, {
            method: 'PUT',
            headers: { authorization: token },
            body: new Uint8Array(body),
          });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      assert.ok(
        statuses.every((status) => status === 200 || status === 409),
        `only 200 or 409: ${statuses.join(' ')}`,
      );
      const created = await client.send(
        new ListPackagesCommand({
          domain: DOMAIN,
          repository: REPOSITORY,
          format: 'cargo',
          packagePrefix: 'race',
          maxResults: 100,
        }),
      );
      const crates = (created.packages ?? [])
        .map((p) => p.package!)
        .filter((name) => name.endsWith(`crate-${round}`) || name.endsWith(`crate_${round}`));
      assert.equal(crates.length, 1, `one crate of ${names.join(', ')}: ${crates.join(', ')}`);
      assert.ok(statuses.includes(200));
    }
  });
});
