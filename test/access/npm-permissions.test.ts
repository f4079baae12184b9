// Package-manager requests are evaluated against the principal a token was issued to: with the real
// `aws codeartifact login` and npm, a read-only user installs but cannot publish, tag, deprecate or
// unpublish; a publisher publishes; a user's token stops working when the user is deleted; account B
// installs from account A's repository only while A's policies allow it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  ListPackageVersionsCommand,
  PutDomainPermissionsPolicyCommand,
  PutRepositoryPermissionsPolicyCommand,
  UpdatePackageVersionsStatusCommand,
} from '@aws-sdk/client-codeartifact';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccount } from '../../src/domain/identity/identity.js';
import { Users } from '../../src/domain/identity/users.js';
import { codeartifact } from '../helpers/clients.js';
import { npmWorld, type NpmWorld } from '../helpers/npm.js';
import { repoRoot, startQuiver, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';

const READ_ONLY = readFileSync(join(repoRoot, 'docs/policies/read-only.json'), 'utf8');
const PUBLISHER = readFileSync(join(repoRoot, 'docs/policies/publisher.json'), 'utf8');
const B = '555566667777';

let server: RunningQuiver;
let A: string;
let rootA: ReturnType<typeof codeartifact>;
let rootWorld: NpmWorld;

async function user(account: string, name: string, policy?: string): Promise<TestCredentials> {
  const users = new Users(server.quiver.store);
  await users.create(account, name, Date.now());
  if (policy) await users.attachPolicy(account, name, 'p', policy, Date.now());
  const key = await users.createKey(account, name, Date.now());
  return { accountId: account, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

/** npm's error output for a command that must fail. */
async function npmFails(world: NpmWorld, cwd: string, ...args: string[]): Promise<string> {
  return world.npm(cwd, ...args).then(
    () => assert.fail(`npm ${args.join(' ')} succeeded`),
    (error: { stderr: string }) => error.stderr,
  );
}

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
  rootA = codeartifact(server.endpoint, server.credentials);
  await rootA.send(new CreateDomainCommand({ domain: 'web' }));
  await rootA.send(new CreateRepositoryCommand({ domain: 'web', repository: 'npm-store' }));
  rootWorld = npmWorld(server.endpoint, server.credentials);
  await rootWorld.login('web', 'npm-store');
  await rootWorld.npm(rootWorld.packageDir('perm-pkg', '1.0.0'), 'publish');
});
after(async () => {
  await server.stop();
});

describe('npm under identity policies', () => {
  it('a read-only user installs with npm but cannot publish, tag, deprecate, unpublish or change statuses', async () => {
    const reader = await user(A, 'npm-reader', READ_ONLY);
    const world = npmWorld(server.endpoint, reader);
    await world.login('web', 'npm-store');
    const app = world.projectDir('reader-app');
    await world.npm(app, 'install', 'perm-pkg');
    assert.match(readFileSync(join(app, 'node_modules/perm-pkg/index.js'), 'utf8'), /perm-pkg@1\.0\.0/);

    const publish = await npmFails(world, world.packageDir('perm-pkg', '1.1.0'), 'publish');
    assert.match(publish, /403/);
    assert.match(
      publish,
      new RegExp(
        `User: arn:aws:iam::${A}:user/npm-reader is not authorized to perform: codeartifact:PublishPackageVersion on resource: arn:aws:codeartifact:us-east-1:${A}:package/web/npm-store/npm//perm-pkg`,
      ),
    );
    assert.match(
      await npmFails(world, world.home, 'dist-tag', 'add', 'perm-pkg@1.0.0', 'stable'),
      /PutPackageMetadata/,
    );
    assert.match(await npmFails(world, world.home, 'deprecate', 'perm-pkg@1.0.0', 'old'), /PutPackageMetadata/);
    assert.match(await npmFails(world, world.home, 'unpublish', 'perm-pkg@1.0.0', '--force'), /DeletePackageVersions/);
    await assert.rejects(
      codeartifact(server.endpoint, reader).send(
        new UpdatePackageVersionsStatusCommand({
          domain: 'web',
          repository: 'npm-store',
          format: 'npm',
          package: 'perm-pkg',
          versions: ['1.0.0'],
          targetStatus: 'Archived',
        }),
      ),
      /not authorized to perform: codeartifact:UpdatePackageVersionsStatus/,
    );
    const versions = await rootA.send(
      new ListPackageVersionsCommand({ domain: 'web', repository: 'npm-store', format: 'npm', package: 'perm-pkg' }),
    );
    assert.deepEqual(
      versions.versions?.map((v) => [v.version, v.status]),
      [['1.0.0', 'Published']],
    );
  });

  it('a publisher publishes and tags with npm, but cannot unpublish', async () => {
    const publisher = await user(A, 'npm-publisher', PUBLISHER);
    const world = npmWorld(server.endpoint, publisher);
    await world.login('web', 'npm-store');
    await world.npm(world.packageDir('perm-pkg', '1.2.0'), 'publish');
    await world.npm(world.home, 'dist-tag', 'add', 'perm-pkg@1.2.0', 'stable');
    assert.match(await world.npm(world.home, 'dist-tag', 'ls', 'perm-pkg'), /stable: 1\.2\.0/);
    assert.match(await npmFails(world, world.home, 'unpublish', 'perm-pkg@1.2.0'), /DeletePackageVersions/);
  });

  it("a deleted user's npm token stops working at once", async () => {
    const leaver = await user(A, 'npm-leaver', READ_ONLY);
    const world = npmWorld(server.endpoint, leaver);
    await world.login('web', 'npm-store');
    await world.npm(world.home, 'view', 'perm-pkg', 'version');
    await new Users(server.quiver.store).delete(A, 'npm-leaver');
    assert.match(await npmFails(world, world.home, 'view', 'perm-pkg', 'version'), /403/);
  });

  it("account B installs from account A's repository only while A's policies allow it", async () => {
    await createAccount(server.quiver.store, 'team-b', Date.now(), B);
    const bReader = await user(B, 'b-npm', READ_ONLY);
    const world = npmWorld(server.endpoint, bReader);
    const token = () =>
      codeartifact(server.endpoint, bReader).send(new GetAuthorizationTokenCommand({ domain: 'web', domainOwner: A }));
    // no domain policy: B cannot get a token for A's domain
    await assert.rejects(
      token(),
      /because no resource-based policy allows the codeartifact:GetAuthorizationToken action/,
    );
    await rootA.send(
      new PutDomainPermissionsPolicyCommand({
        domain: 'web',
        policyDocument: JSON.stringify({
          Statement: [
            { Effect: 'Allow', Principal: { AWS: B }, Action: 'codeartifact:GetAuthorizationToken', Resource: '*' },
          ],
        }),
      }),
    );
    const { authorizationToken } = await token();
    const registry = `${server.endpoint}/web-${A}/npm/npm-store/`;
    const auth = `//${registry.replace(/^https?:\/\//, '')}:_authToken=${authorizationToken}`;
    writeFileSync(join(world.home, '.npmrc'), `registry=${registry}\n${auth}\n`);

    // the token works for the domain, but reading the repository needs the repository's policy too
    assert.match(await npmFails(world, world.home, 'view', 'perm-pkg', 'version'), /403/);
    const { policy } = await rootA.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain: 'web',
        repository: 'npm-store',
        policyDocument: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${B}:root` },
              Action: 'codeartifact:ReadFromRepository',
            },
          ],
        }),
      }),
    );
    assert.equal((await world.npm(world.home, 'view', 'perm-pkg@1.0.0', 'version')).trim(), '1.0.0');
    const app = world.projectDir('b-app');
    await world.npm(app, 'install', 'perm-pkg@1.0.0');
    // ... and no more once A takes it back
    await rootA.send(
      new PutRepositoryPermissionsPolicyCommand({
        domain: 'web',
        repository: 'npm-store',
        policyRevision: policy!.revision,
        policyDocument: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${A}:root` },
              Action: 'codeartifact:ReadFromRepository',
            },
          ],
        }),
      }),
    );
    assert.match(await npmFails(world, world.home, 'view', 'perm-pkg', 'version'), /403/);
  });
});
