// NuGet through upstream repositories and the public:nuget-org external connection, pointed at a second Quiver
// (QUIVER_NUGET_URL = its service index, with `aws:<token>@` credentials) so the test stays hermetic: the flat
// container lists the feed's versions, a .nupkg and .nuspec download through the connection and are retained
// (in the repository holding the connection too), upstream versions show in the registration, the
// dependency-substitution guard refuses a push the feed already has, and upstream=BLOCK stops the search.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribeRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  PutPackageOriginConfigurationCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { buildNupkg, pushNupkg } from '../helpers/nuget.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let feed: RunningQuiver;
let server: RunningQuiver;
let client: CodeartifactClient;
let token: string;
const endpoints: Record<string, string> = {};
const external = { bytes: buildNupkg('Ext.Pkg', '2.0.0', { description: 'from the feed' }) };

before(async () => {
  feed = await startQuiver();
  const pub = codeartifact(feed.endpoint, feed.credentials);
  await pub.send(new CreateDomainCommand({ domain: 'pub' }));
  await pub.send(new CreateRepositoryCommand({ domain: 'pub', repository: 'org' }));
  const pubToken = (await pub.send(new GetAuthorizationTokenCommand({ domain: 'pub' }))).authorizationToken!;
  const pubEndpoint = (
    await pub.send(new GetRepositoryEndpointCommand({ domain: 'pub', repository: 'org', format: 'nuget' }))
  ).repositoryEndpoint!;
  for (const bytes of [external.bytes, buildNupkg('Ext.Pkg', '2.1.0-beta')])
    assert.equal((await pushNupkg(`${pubEndpoint}v3/package`, bytes, { 'x-nuget-apikey': pubToken })).status, 201);
  pub.destroy();

  server = await startQuiver({ QUIVER_NUGET_URL: `${pubEndpoint.replace('://', `://aws:${pubToken}@`)}v3/index.json` });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'corp' }));
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'nuget-public' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain: 'corp',
      repository: 'nuget-public',
      externalConnection: 'public:nuget-org',
    }),
  );
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'base' }));
  await client.send(
    new CreateRepositoryCommand({
      domain: 'corp',
      repository: 'app',
      upstreams: [{ repositoryName: 'base' }, { repositoryName: 'nuget-public' }],
    }),
  );
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'corp' }))).authorizationToken!;
  for (const repository of ['base', 'app'])
    endpoints[repository] = (
      await client.send(new GetRepositoryEndpointCommand({ domain: 'corp', repository, format: 'nuget' }))
    ).repositoryEndpoint!;
});
after(async () => {
  client.destroy();
  await server.stop();
  await feed.stop().catch(() => undefined);
});

const basic = () => ({ authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` });
const get = (repository: string, path: string) => fetch(`${endpoints[repository]}${path}`, { headers: basic() });
const push = (repository: string, bytes: Buffer) =>
  pushNupkg(`${endpoints[repository]}v3/package`, bytes, { 'x-nuget-apikey': token });
const versions = async (repository: string, pkg: string) =>
  (
    await client.send(new ListPackageVersionsCommand({ domain: 'corp', repository, format: 'nuget', package: pkg }))
  ).versions
    ?.map((v) => [v.version, v.origin?.originType])
    .sort();

describe('NuGet upstreams and public:nuget-org', () => {
  it('public:nuget-org shows as a nuget connection', async () => {
    const described = await client.send(new DescribeRepositoryCommand({ domain: 'corp', repository: 'nuget-public' }));
    assert.deepEqual(described.repository?.externalConnections, [
      { externalConnectionName: 'public:nuget-org', packageFormat: 'nuget', status: 'Available' },
    ]);
  });

  it("the flat container lists the feed's versions; the .nupkg downloads through the connection and is retained", async () => {
    const index = await get('app', 'v3/flatcontainer/ext.pkg/index.json');
    assert.equal(index.status, 200);
    assert.deepEqual(await index.json(), { versions: ['2.0.0', '2.1.0-beta'] });
    const nupkg = await get('app', 'v3/flatcontainer/ext.pkg/2.0.0/ext.pkg.2.0.0.nupkg');
    assert.equal(nupkg.status, 200);
    assert.deepEqual(Buffer.from(await nupkg.arrayBuffer()), external.bytes);
    assert.deepEqual(await versions('app', 'ext.pkg'), [['2.0.0', 'EXTERNAL']]);
    assert.deepEqual(await versions('nuget-public', 'ext.pkg'), [['2.0.0', 'EXTERNAL']]);
    // Retained, the version has its nuspec metadata: in the registration, and its .nuspec downloads.
    const registration = (await (await get('app', 'v3/registration/ext.pkg/index.json')).json()) as any;
    assert.deepEqual(
      registration.items[0].items.map((l: any) => [l.catalogEntry.version, l.catalogEntry.description]),
      [['2.0.0', 'from the feed']],
    );
    assert.equal((await get('app', 'v3/flatcontainer/ext.pkg/2.0.0/ext.pkg.nuspec')).status, 200);
    // A .nuspec of a version not yet retained is ingested on the way.
    assert.equal((await get('app', 'v3/flatcontainer/ext.pkg/2.1.0-beta/ext.pkg.nuspec')).status, 200);
    assert.deepEqual(await versions('app', 'ext.pkg'), [
      ['2.0.0', 'EXTERNAL'],
      ['2.1.0-beta', 'EXTERNAL'],
    ]);
  });

  it("an upstream repository's versions show in the registration and download (retained here)", async () => {
    assert.equal((await push('base', buildNupkg('Base.Lib', '1.0.0'))).status, 201);
    const registration = (await (await get('app', 'v3/registration/base.lib/index.json')).json()) as any;
    assert.equal(registration.items[0].items[0].catalogEntry.id, 'Base.Lib');
    assert.equal((await get('app', 'v3/flatcontainer/base.lib/1.0.0/base.lib.1.0.0.nupkg')).status, 200);
    assert.deepEqual(await versions('app', 'base.lib'), [['1.0.0', 'INTERNAL']]);
  });

  it('a push of a version an upstream or the feed has is a 409, until the package says upstream=BLOCK', async () => {
    const mine = buildNupkg('Ext.Pkg', '2.2.0');
    assert.equal((await push('app', buildNupkg('Base.Lib', '1.0.0'))).status, 409);
    const guarded = await push('base', buildNupkg('Ext.Pkg', '2.0.0'));
    assert.equal(guarded.status, 201); // base has no upstreams: nothing to substitute
    assert.equal((await push('app', buildNupkg('Ext.Pkg', '2.0.0'))).status, 409);
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain: 'corp',
        repository: 'app',
        format: 'nuget',
        package: 'ext.pkg',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      }),
    );
    assert.equal((await push('app', mine)).status, 201);
    // upstream=BLOCK: what was retained stays; the feed and upstreams are no longer consulted.
    const index = (await (await get('app', 'v3/flatcontainer/ext.pkg/index.json')).json()) as any;
    assert.deepEqual(index.versions, ['2.0.0', '2.1.0-beta', '2.2.0']);
  });
});
