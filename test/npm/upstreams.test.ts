// Upstream repositories and the public:npmjs external connection, with the real npm CLI. A second Quiver
// instance plays the public registry, so the test stays on loopback; it is then stopped, and what was
// fetched through it must still install.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  DescribeRepositoryCommand,
  DisassociateExternalConnectionCommand,
  GetAuthorizationTokenCommand,
  ListPackageVersionsCommand,
  PutPackageOriginConfigurationCommand,
  ValidationException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { npmWorld, type NpmWorld } from '../helpers/npm.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let publicRegistry: RunningQuiver;
let server: RunningQuiver;
let client: CodeartifactClient;
let app: NpmWorld;
let base: NpmWorld;

before(async () => {
  // The "public" registry: another Quiver with a published package.
  publicRegistry = await startQuiver();
  const pub = codeartifact(publicRegistry.endpoint, publicRegistry.credentials);
  await pub.send(new CreateDomainCommand({ domain: 'pub' }));
  await pub.send(new CreateRepositoryCommand({ domain: 'pub', repository: 'registry' }));
  const publisher = npmWorld(publicRegistry.endpoint, publicRegistry.credentials);
  await publisher.login('pub', 'registry');
  for (const version of ['1.0.0', '1.1.0']) await publisher.npm(publisher.packageDir('ext-lib', version), 'publish');
  const token = (await pub.send(new GetAuthorizationTokenCommand({ domain: 'pub' }))).authorizationToken!;
  pub.destroy();
  rmSync(publisher.home, { recursive: true, force: true, maxRetries: 5 });

  server = await startQuiver({
    QUIVER_NPMJS_URL: `${publicRegistry.endpoint}/pub-${publicRegistry.credentials.accountId}/npm/registry/`,
    QUIVER_NPMJS_TOKEN: token,
  });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'corp' }));
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'npm-public' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain: 'corp',
      repository: 'npm-public',
      externalConnection: 'public:npmjs',
    }),
  );
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'base' }));
  await client.send(
    new CreateRepositoryCommand({
      domain: 'corp',
      repository: 'app',
      upstreams: [{ repositoryName: 'base' }, { repositoryName: 'npm-public' }],
    }),
  );
  base = npmWorld(server.endpoint, server.credentials);
  await base.login('corp', 'base');
  app = npmWorld(server.endpoint, server.credentials);
  await app.login('corp', 'app');
});

after(async () => {
  client.destroy();
  await server.stop();
  await publicRegistry.stop().catch(() => undefined);
  for (const world of [app, base]) rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const installed = (dir: string, pkg: string) =>
  JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
const versionsIn = (repository: string, pkg: string) =>
  client.send(new ListPackageVersionsCommand({ domain: 'corp', repository, format: 'npm', package: pkg }));

describe('upstreams and external connections', () => {
  it('the external connection shows on the repository, associating it again changes nothing, only public:npmjs is offered', async () => {
    const described = await client.send(new DescribeRepositoryCommand({ domain: 'corp', repository: 'npm-public' }));
    assert.deepEqual(described.repository?.externalConnections, [
      { externalConnectionName: 'public:npmjs', packageFormat: 'npm', status: 'Available' },
    ]);
    await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'scratch' }));
    await assert.rejects(
      client.send(
        new AssociateExternalConnectionCommand({
          domain: 'corp',
          repository: 'scratch',
          externalConnection: 'public:maven-googleandroid',
        }),
      ),
      ValidationException,
    );
    await client.send(
      new AssociateExternalConnectionCommand({
        domain: 'corp',
        repository: 'scratch',
        externalConnection: 'public:npmjs',
      }),
    );
    const again = await client.send(
      new AssociateExternalConnectionCommand({
        domain: 'corp',
        repository: 'scratch',
        externalConnection: 'public:npmjs',
      }),
    );
    assert.equal(again.repository?.externalConnections?.length, 1);
    await assert.rejects(
      client.send(
        new AssociateExternalConnectionCommand({
          domain: 'corp',
          repository: 'scratch',
          externalConnection: 'public:maven-googleandroid',
        }),
      ),
      ValidationException,
    );
    const removed = await client.send(
      new DisassociateExternalConnectionCommand({
        domain: 'corp',
        repository: 'scratch',
        externalConnection: 'public:npmjs',
      }),
    );
    assert.deepEqual(removed.repository?.externalConnections, []);
  });

  it('a package from an upstream repository installs, and is retained downstream after the upstream deletes it', async () => {
    await base.npm(base.packageDir('internal-lib', '2.0.0'), 'publish');
    assert.deepEqual(JSON.parse(await app.npm(app.home, 'view', 'internal-lib', 'versions', '--json')), ['2.0.0']);
    const dir = app.projectDir('uses-internal');
    await app.npm(dir, 'install', 'internal-lib');
    assert.equal(installed(dir, 'internal-lib'), '2.0.0');
    const retained = await versionsIn('app', 'internal-lib');
    assert.deepEqual(
      retained.versions?.map((v) => [v.version, v.origin?.originType, v.origin?.domainEntryPoint?.repositoryName]),
      [['2.0.0', 'INTERNAL', 'base']],
    );

    await client.send(
      new DeletePackageVersionsCommand({
        domain: 'corp',
        repository: 'base',
        format: 'npm',
        package: 'internal-lib',
        versions: ['2.0.0'],
      }),
    );
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    await app.npm(dir, 'cache', 'clean', '--force');
    await app.npm(dir, 'ci');
    assert.equal(installed(dir, 'internal-lib'), '2.0.0', 'the retained copy still installs');
  });

  it('a package from the external connection installs, shows its origin, and still installs once the public registry is gone', async () => {
    assert.deepEqual(JSON.parse(await app.npm(app.home, 'view', 'ext-lib', 'versions', '--json')), ['1.0.0', '1.1.0']);
    const dir = app.projectDir('uses-external');
    await app.npm(dir, 'install', 'ext-lib@^1.0.0');
    assert.equal(installed(dir, 'ext-lib'), '1.1.0');
    const ingested = await versionsIn('app', 'ext-lib');
    assert.deepEqual(
      ingested.versions?.map((v) => [
        v.version,
        v.origin?.originType,
        v.origin?.domainEntryPoint?.externalConnectionName,
      ]),
      [['1.1.0', 'EXTERNAL', 'public:npmjs']],
    );

    await publicRegistry.stop();
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    await app.npm(dir, 'cache', 'clean', '--force');
    await app.npm(dir, 'ci');
    assert.equal(installed(dir, 'ext-lib'), '1.1.0', 'installable after the upstream is gone');
    assert.deepEqual(
      JSON.parse(await app.npm(app.home, 'view', 'ext-lib', 'versions', '--json')),
      ['1.1.0'],
      'the packument still answers with what was retained',
    );
  });

  it('a version reachable upstream cannot be published downstream while upstream=ALLOW (409); with BLOCK it can', async () => {
    await base.npm(base.packageDir('shared-lib', '1.0.0'), 'publish');
    // npm sees 1.0.0 in the merged packument and refuses by itself; the server refuses too (409).
    await assert.rejects(
      app.npm(app.packageDir('shared-lib', '1.0.0'), 'publish'),
      /cannot publish over|409|Conflict/i,
    );
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'corp' }))).authorizationToken!;
    const direct = await fetch(`${server.endpoint}/corp-${server.credentials.accountId}/npm/app/shared-lib`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'shared-lib',
        versions: { '1.0.0': { name: 'shared-lib', version: '1.0.0' } },
        _attachments: { 'shared-lib-1.0.0.tgz': { data: Buffer.from('x').toString('base64') } },
      }),
    });
    assert.equal(direct.status, 409);
    assert.match(((await direct.json()) as { error: string }).error, /upstream=BLOCK/);
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain: 'corp',
        repository: 'app',
        format: 'npm',
        package: 'shared-lib',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      }),
    );
    await app.npm(app.packageDir('shared-lib', '1.0.0'), 'publish');
    assert.deepEqual(
      (await versionsIn('app', 'shared-lib')).versions?.map((v) => [
        v.version,
        v.origin?.domainEntryPoint?.repositoryName,
      ]),
      [['1.0.0', 'app']],
    );
  });

  it('origin restrictions: upstream=BLOCK keeps upstream versions out', async () => {
    await base.npm(base.packageDir('guarded-lib', '1.0.0'), 'publish');
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain: 'corp',
        repository: 'app',
        format: 'npm',
        package: 'guarded-lib',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      }),
    );
    assert.deepEqual(
      JSON.parse(await base.npm(base.home, 'view', 'guarded-lib', 'versions', '--json')),
      ['1.0.0'],
      'it is in the upstream',
    );
    await assert.rejects(
      app.npm(app.projectDir('uses-guarded'), 'install', 'guarded-lib'),
      /ENOVERSIONS|No versions available|ETARGET|E404/i,
    );
    assert.deepEqual((await versionsIn('app', 'guarded-lib')).versions, [], 'nothing was ingested');
  });
});
