// The real mono nuget (Debian 2.8.7) against Quiver, in a temporary HOME configured by the real
// `aws codeartifact login --tool nuget` (it runs `nuget sources list` and `nuget sources add` with the token as
// the source password): `nuget pack`, then `nuget push -Source <name>` — the client GETs the service index,
// gets the 401 Basic challenge, retries with `aws:<token>`, and PUTs the package to `<source>/` (formats.md
// §3.2). This client reads only the v2 OData protocol, so the v3 reads are checked over HTTP in
// v3-protocol.test.ts.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageVersionCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { nugetWorld, pushNupkg, type NugetWorld } from '../helpers/nuget.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

await requirePrerequisites('nuget', 'aws CLI');

let server: RunningQuiver;
let client: CodeartifactClient;
let world: NugetWorld;
let endpoint: string;
let token: string;

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'corp' }));
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'dotnet' }));
  endpoint = (
    await client.send(new GetRepositoryEndpointCommand({ domain: 'corp', repository: 'dotnet', format: 'nuget' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'corp' }))).authorizationToken!;
  world = nugetWorld(server.endpoint, server.credentials);
});
after(async () => {
  client.destroy();
  await server.stop();
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const basic = () => ({ authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` });

describe('mono nuget 2.8.7 with aws codeartifact login --tool nuget', () => {
  it('login adds the source <domain>/<repo> with the v3/index.json URL to the user NuGet.Config', async () => {
    const out = await world.login('corp', 'dotnet');
    assert.match(out, /Added source corp\/dotnet to the user level NuGet\.Config/);
    const sources = await world.nuget('sources', 'list', '-format', 'detailed');
    assert.match(
      sources,
      new RegExp(`corp/dotnet \\[Enabled\\]\\s+${endpoint.replace(/[.?]/g, '\\$&')}v3/index\\.json`),
    );
    // A second login finds the source by URL and updates it (the CLI's `nuget sources update`).
    assert.match(await world.login('corp', 'dotnet'), /Updated source corp\/dotnet in the NuGet\.Config/);
  });

  it('nuget push -Source corp/dotnet publishes a packed .nupkg, with its nuspec metadata', async () => {
    const nupkg = await world.pack('Demo.Pkg', '1.0.0', {
      dependencies: '<group targetFramework="net45"><dependency id="Other.Lib" version="2.1" /></group>',
      extra: '<projectUrl>https://example.com/demo</projectUrl><tags>demo quiver</tags>',
    });
    const out = await world.nuget('push', nupkg, '-Source', 'corp/dotnet', '-NonInteractive');
    assert.match(out, /Your package was pushed/);
    const versions = await client.send(
      new ListPackageVersionsCommand({ domain: 'corp', repository: 'dotnet', format: 'nuget', package: 'Demo.Pkg' }),
    );
    assert.deepEqual(
      versions.versions?.map((v) => [v.version, v.status]),
      [['1.0.0', 'Published']],
    );
    const described = await client.send(
      new DescribePackageVersionCommand({
        domain: 'corp',
        repository: 'dotnet',
        format: 'nuget',
        package: 'demo.pkg',
        packageVersion: '1.0.0',
      }),
    );
    assert.equal(described.packageVersion?.packageName, 'demo.pkg');
    assert.equal(described.packageVersion?.displayName, 'Demo.Pkg');
    assert.equal(described.packageVersion?.homePage, 'https://example.com/demo');
    // What the client pushed is what the flat container serves.
    const download = await fetch(`${endpoint}v3/flatcontainer/demo.pkg/1.0.0/demo.pkg.1.0.0.nupkg`, {
      headers: basic(),
    });
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), readFileSync(join(world.home, nupkg)));
  });

  it('pushing the same version again fails with the 409 Conflict', async () => {
    const nupkg = await world.pack('Demo.Pkg', '1.0.0');
    await assert.rejects(
      world.nuget('push', nupkg, '-Source', 'corp/dotnet', '-NonInteractive'),
      /409|Conflict|already exists/,
    );
  });

  it('nuget push -ApiKey <token> to the service index URL sends X-NuGet-ApiKey, which authenticates the PUT', async () => {
    const nupkg = await world.pack('Demo.Pkg', '1.1.0');
    // The source's saved Basic credentials answer the GET; the PUT carries the API key too.
    const out = await world.nuget(
      'push',
      nupkg,
      '-Source',
      `${endpoint}v3/index.json`,
      '-ApiKey',
      token,
      '-NonInteractive',
    );
    assert.match(out, /Your package was pushed/);
    // The same header alone authenticates a push (package-publish-resource: X-NuGet-ApiKey).
    const other = await world.pack('ApiKey.Only', '1.0.0');
    const response = await pushNupkg(`${endpoint}v3/package`, readFileSync(join(world.home, other)), {
      'x-nuget-apikey': token,
    });
    assert.equal(response.status, 201);
  });

  it('nuget delete unlists through the DELETE the client sends, keeping the version downloadable', async () => {
    const out = await world.nuget(
      'delete',
      'Demo.Pkg',
      '1.1.0',
      '-Source',
      'corp/dotnet',
      '-ApiKey',
      token,
      '-NonInteractive',
    );
    assert.match(out, /Demo\.Pkg 1\.1\.0 was deleted successfully|deleted/);
    const versions = await client.send(
      new ListPackageVersionsCommand({ domain: 'corp', repository: 'dotnet', format: 'nuget', package: 'demo.pkg' }),
    );
    assert.deepEqual(versions.versions?.map((v) => [v.version, v.status]).sort(), [
      ['1.0.0', 'Published'],
      ['1.1.0', 'Unlisted'],
    ]);
    const index = await fetch(`${endpoint}v3/flatcontainer/demo.pkg/index.json`, { headers: basic() });
    assert.deepEqual(await index.json(), { versions: ['1.0.0', '1.1.0'] });
  });
});
