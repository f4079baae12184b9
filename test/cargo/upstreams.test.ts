// Cargo through upstream repositories and `public:crates-io`, the external index being a second Quiver's cargo
// endpoint (QUIVER_CRATES_URL with the token in its userinfo): index files merged over the search order and
// the external index, a .crate ingested on first use into every repository on the path (and kept after the
// source loses it), checked against the index's cksum, and the dependency-substitution guard — all through the
// real cargo where a user would notice.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import {
  buildCrateFile,
  type CargoHome,
  cargoHome,
  publishFrame,
  publishMetadata,
  writeCrate,
} from '../helpers/cargo.js';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let cratesIo: RunningQuiver;
let quiver: RunningQuiver;
let publicClient: CodeartifactClient;
let client: CodeartifactClient;
let publicUrl: string;
let publicToken: string;
let teamUrl: string;
let proxyUrl: string;
let token: string;
let home: CargoHome;

async function publishTo(url: string, t: string, name: string, version: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${url}api/v1/crates/new`, {
    method: 'PUT',
    headers: { authorization: t },
    body: new Uint8Array(publishFrame(publishMetadata(name, version, extra), await buildCrateFile(name, version))),
  });
  assert.equal(response.status, 200, await response.text());
}

const endpoint = async (c: CodeartifactClient, domain: string, repository: string) =>
  (await c.send(new GetRepositoryEndpointCommand({ domain, repository, format: 'cargo' }))).repositoryEndpoint!;

before(async () => {
  cratesIo = await startQuiver();
  publicClient = codeartifact(cratesIo.endpoint, cratesIo.credentials);
  await publicClient.send(new CreateDomainCommand({ domain: 'public' }));
  await publicClient.send(new CreateRepositoryCommand({ domain: 'public', repository: 'index' }));
  publicUrl = await endpoint(publicClient, 'public', 'index');
  publicToken = (await publicClient.send(new GetAuthorizationTokenCommand({ domain: 'public' }))).authorizationToken!;
  for (const v of ['1.0.0', '1.1.0']) await publishTo(publicUrl, publicToken, 'pubcrate', v);

  const url = new URL(publicUrl);
  url.username = 'aws';
  url.password = publicToken;
  quiver = await startQuiver({ QUIVER_CRATES_URL: url.toString() });
  client = codeartifact(quiver.endpoint, quiver.credentials);
  await client.send(new CreateDomainCommand({ domain: 'corp' }));
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'proxy' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain: 'corp',
      repository: 'proxy',
      externalConnection: 'public:crates-io',
    }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain: 'corp', repository: 'team', upstreams: [{ repositoryName: 'proxy' }] }),
  );
  teamUrl = await endpoint(client, 'corp', 'team');
  proxyUrl = await endpoint(client, 'corp', 'proxy');
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'corp' }))).authorizationToken!;
  home = cargoHome(teamUrl, token);
});
after(async () => {
  client.destroy();
  publicClient.destroy();
  await quiver.stop();
  await cratesIo.stop();
  rmSync(home.home, { recursive: true, force: true });
});

const versionsIn = async (repository: string, pkg: string) =>
  (
    await client.send(new ListPackageVersionsCommand({ domain: 'corp', repository, format: 'cargo', package: pkg }))
  ).versions!.map((v) => [v.version, v.status, v.origin?.originType]);

describe('Cargo upstreams and public:crates-io', () => {
  it('cargo resolves an external crate through team → proxy; the .crate is ingested into both and stays after the source loses it', async () => {
    const index = await fetch(`${teamUrl}pu/bc/pubcrate`, { headers: { authorization: token } });
    assert.equal(index.status, 200);
    const lines = (await index.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.vers),
      ['1.0.0', '1.1.0'],
    );

    const app = writeCrate('app', '0.1.0', {
      bin: true,
      dependencies: ['pubcrate = { version = "=1.0.0", registry = "quiver" }'],
      source: 'fn main() { println!("{}", pubcrate::version()); }\n',
    });
    const ran = await home.cargo(['run', '-q'], app);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.trim(), '1.0.0');
    for (const repository of ['team', 'proxy'])
      assert.deepEqual(await versionsIn(repository, 'pubcrate'), [['1.0.0', 'Published', 'EXTERNAL']]);

    await publicClient.send(
      new DeletePackageVersionsCommand({
        domain: 'public',
        repository: 'index',
        format: 'cargo',
        package: 'pubcrate',
        versions: ['1.0.0'],
      }),
    );
    const again = await fetch(`${teamUrl}api/v1/crates/pubcrate/1.0.0/download`, { headers: { authorization: token } });
    assert.equal(again.status, 200);
    const stillListed = (await (await fetch(`${teamUrl}pu/bc/pubcrate`, { headers: { authorization: token } })).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).vers);
    assert.deepEqual(stillListed, ['1.0.0', '1.1.0']);
  });

  it('a crate the external index has yanked stays yanked once a lockfile brings it in (ingested Unlisted)', async () => {
    await publishTo(publicUrl, publicToken, 'oldcrate', '0.9.0');
    const yank = await fetch(`${publicUrl}api/v1/crates/oldcrate/0.9.0/yank`, {
      method: 'DELETE',
      headers: { authorization: publicToken },
    });
    assert.equal(yank.status, 200);
    const line = async () =>
      JSON.parse(
        (await (await fetch(`${teamUrl}ol/dc/oldcrate`, { headers: { authorization: token } })).text()).trim(),
      );
    assert.equal((await line()).yanked, true);
    const download = await fetch(`${teamUrl}api/v1/crates/oldcrate/0.9.0/download`, {
      headers: { authorization: token },
    });
    assert.equal(download.status, 200);
    await download.arrayBuffer();
    assert.deepEqual(await versionsIn('team', 'oldcrate'), [['0.9.0', 'Unlisted', 'EXTERNAL']]);
    assert.equal((await line()).yanked, true);
  });

  it('a crate of an upstream repository resolves through the downstream one and is retained there', async () => {
    await publishTo(proxyUrl, token, 'shared', '0.3.0', { description: 'kept in proxy' });
    const app = writeCrate('app', '0.1.0', {
      bin: true,
      dependencies: ['shared = { version = "0.3", registry = "quiver" }'],
      source: 'fn main() { println!("{}", shared::version()); }\n',
    });
    const ran = await home.cargo(['run', '-q'], app);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.trim(), '0.3.0');
    assert.deepEqual(await versionsIn('team', 'shared'), [['0.3.0', 'Published', 'INTERNAL']]);
  });

  it('publishing a version an upstream already serves is a 409 until the package blocks upstreams', async () => {
    const response = await fetch(`${teamUrl}api/v1/crates/new`, {
      method: 'PUT',
      headers: { authorization: token },
      body: new Uint8Array(
        publishFrame(publishMetadata('pubcrate', '1.1.0'), await buildCrateFile('pubcrate', '1.1.0')),
      ),
    });
    assert.equal(response.status, 409);
    assert.match((await response.json()).errors[0].detail, /available from an upstream/);
  });
});
