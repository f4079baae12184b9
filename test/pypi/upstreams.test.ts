// PyPI through upstream repositories and the public:pypi external connection (pointed at a second Quiver, so the
// test stays hermetic): pip download through an upstream and through public:pypi, retention (also in the
// repository that holds the connection), both still installable after the source is gone, the
// dependency-substitution guard, and origin controls.
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  DescribeRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  PutPackageOriginConfigurationCommand,
  ServiceQuotaExceededException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { buildWheel, pypiWorld, rawUpload, uploadForm, wheelFilename, type PypiWorld } from '../helpers/pypi.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

await requirePrerequisites('pip');

let publicIndex: RunningQuiver;
let server: RunningQuiver;
let client: CodeartifactClient;
let world: PypiWorld;
let token: string;
const endpoints: Record<string, string> = {};

async function upload(endpoint: string, uploadToken: string, name: string, version: string) {
  const file = wheelFilename(name, version);
  return rawUpload(endpoint, uploadToken, uploadForm(name, version, file, buildWheel(name, version)));
}

before(async () => {
  publicIndex = await startQuiver();
  const pub = codeartifact(publicIndex.endpoint, publicIndex.credentials);
  await pub.send(new CreateDomainCommand({ domain: 'pub' }));
  await pub.send(new CreateRepositoryCommand({ domain: 'pub', repository: 'index' }));
  const pubToken = (await pub.send(new GetAuthorizationTokenCommand({ domain: 'pub' }))).authorizationToken!;
  const pubEndpoint = (
    await pub.send(new GetRepositoryEndpointCommand({ domain: 'pub', repository: 'index', format: 'pypi' }))
  ).repositoryEndpoint!;
  for (const version of ['2.0', '2.1'])
    assert.equal((await upload(pubEndpoint, pubToken, 'ext-pkg', version)).status, 200);
  pub.destroy();

  server = await startQuiver({
    QUIVER_PYPI_URL: `${pubEndpoint.replace('://', `://aws:${pubToken}@`)}simple/`,
  });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'corp' }));
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'pypi-public' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain: 'corp',
      repository: 'pypi-public',
      externalConnection: 'public:pypi',
    }),
  );
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'base' }));
  await client.send(
    new CreateRepositoryCommand({
      domain: 'corp',
      repository: 'app',
      upstreams: [{ repositoryName: 'base' }, { repositoryName: 'pypi-public' }],
    }),
  );
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'corp' }))).authorizationToken!;
  for (const repository of ['base', 'app']) {
    endpoints[repository] = (
      await client.send(new GetRepositoryEndpointCommand({ domain: 'corp', repository, format: 'pypi' }))
    ).repositoryEndpoint!;
  }
  world = pypiWorld(server.endpoint, server.credentials);
});
after(async () => {
  client.destroy();
  await server.stop();
  await publicIndex.stop().catch(() => undefined);
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const index = (repository: string) => `${endpoints[repository]!.replace('://', `://aws:${token}@`)}simple/`;
const download = async (repository: string, requirement: string) => {
  const dest = world.dir('dl');
  await world.pip(index(repository), 'download', '--no-deps', '--dest', dest, requirement);
  return readdirSync(dest).sort();
};
const origins = async (repository: string, pkg: string) =>
  (
    await client.send(new ListPackageVersionsCommand({ domain: 'corp', repository, format: 'pypi', package: pkg }))
  ).versions?.map((v) => [
    v.version,
    v.origin?.originType,
    v.origin?.domainEntryPoint?.repositoryName ?? v.origin?.domainEntryPoint?.externalConnectionName,
  ]);

describe('PyPI upstreams and public:pypi', () => {
  it('public:pypi shows as a pypi connection; a second connection on one repository exceeds the quota', async () => {
    const described = await client.send(new DescribeRepositoryCommand({ domain: 'corp', repository: 'pypi-public' }));
    assert.deepEqual(described.repository?.externalConnections, [
      { externalConnectionName: 'public:pypi', packageFormat: 'pypi', status: 'Available' },
    ]);
    await assert.rejects(
      client.send(
        new AssociateExternalConnectionCommand({
          domain: 'corp',
          repository: 'pypi-public',
          externalConnection: 'public:npmjs',
        }),
      ),
      ServiceQuotaExceededException,
    );
  });

  it('pip downloads through an upstream; the version is retained and still installs after the upstream deletes it', async () => {
    assert.equal((await upload(endpoints.base!, token, 'Internal_Pkg', '1.0')).status, 200);
    assert.deepEqual(await download('app', 'internal-pkg'), ['internal_pkg-1.0-py3-none-any.whl']);
    assert.deepEqual(await origins('app', 'internal-pkg'), [['1.0', 'INTERNAL', 'base']]);
    await client.send(
      new DeletePackageVersionsCommand({
        domain: 'corp',
        repository: 'base',
        format: 'pypi',
        package: 'internal-pkg',
        versions: ['1.0'],
      }),
    );
    assert.deepEqual(await download('app', 'internal-pkg==1.0'), ['internal_pkg-1.0-py3-none-any.whl']);
  });

  it('pip downloads through public:pypi; retained in app and in pypi-public; still installs once the public index is gone', async () => {
    assert.deepEqual(await download('app', 'ext-pkg<2.1'), ['ext_pkg-2.0-py3-none-any.whl']);
    assert.deepEqual(await origins('app', 'ext-pkg'), [['2.0', 'EXTERNAL', 'public:pypi']]);
    assert.deepEqual(await origins('pypi-public', 'ext-pkg'), [['2.0', 'EXTERNAL', 'public:pypi']]);
    await publicIndex.stop();
    assert.deepEqual(
      await download('app', 'ext-pkg'),
      ['ext_pkg-2.0-py3-none-any.whl'],
      'what was retained still answers',
    );
  });

  it('a version an upstream has cannot be uploaded downstream while upstream=ALLOW (409); with BLOCK it can', async () => {
    assert.equal((await upload(endpoints.base!, token, 'shared-pkg', '1.0')).status, 200);
    const refused = await upload(endpoints.app!, token, 'shared-pkg', '1.0');
    assert.equal(refused.status, 409);
    assert.match(refused.text, /upstream=BLOCK/);
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain: 'corp',
        repository: 'app',
        format: 'pypi',
        package: 'Shared.Pkg',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      }),
    );
    assert.equal((await upload(endpoints.app!, token, 'shared-pkg', '1.0')).status, 200);
    assert.deepEqual(await origins('app', 'shared-pkg'), [['1.0', 'INTERNAL', 'app']]);
  });

  it('origin controls: upstream=BLOCK keeps upstream versions out of pip', async () => {
    assert.equal((await upload(endpoints.base!, token, 'guarded-pkg', '1.0')).status, 200);
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain: 'corp',
        repository: 'app',
        format: 'pypi',
        package: 'guarded-pkg',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      }),
    );
    await assert.rejects(download('app', 'guarded-pkg'), /No matching distribution|404/);
    assert.deepEqual(await origins('app', 'guarded-pkg'), [], 'nothing was retained');
  });
});
