// RubyGems through upstream repositories and the public:rubygems external connection (pointed at a second Quiver,
// so the test stays hermetic): `gem install` and `bundle install` of a gem whose dependencies live in an upstream
// and behind the external connection, retention into every repository on the way, /versions listing the
// upstream's and the external server's gems with MD5s bundler accepts, and the dependency-substitution guard.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { rubyWorld, type RubyWorld } from '../helpers/ruby.js';

await requirePrerequisites('gem', 'bundle');

let publicServer: RunningQuiver;
let server: RunningQuiver;
let client: CodeartifactClient;
let world: RubyWorld;
let token: string;
const endpoints: Record<string, string> = {};

const pushTo = async (endpoint: string, pushToken: string, file: string) => {
  const response = await fetch(`${endpoint}api/v1/gems`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pushToken}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(readFileSync(file)),
  });
  return `${response.status} ${await response.text()}`;
};

before(async () => {
  world = rubyWorld();
  publicServer = await startQuiver();
  const pub = codeartifact(publicServer.endpoint, publicServer.credentials);
  await pub.send(new CreateDomainCommand({ domain: 'pub' }));
  await pub.send(new CreateRepositoryCommand({ domain: 'pub', repository: 'gems' }));
  const pubToken = (await pub.send(new GetAuthorizationTokenCommand({ domain: 'pub' }))).authorizationToken!;
  const pubEndpoint = (
    await pub.send(new GetRepositoryEndpointCommand({ domain: 'pub', repository: 'gems', format: 'ruby' }))
  ).repositoryEndpoint!;
  assert.match(await pushTo(pubEndpoint, pubToken, await world.build('ext-gem', '1.0.0')), /^200 /);
  assert.match(await pushTo(pubEndpoint, pubToken, await world.build('ext-gem', '1.2.0')), /^200 /);
  pub.destroy();

  server = await startQuiver({ QUIVER_RUBYGEMS_URL: pubEndpoint.replace('://', `://aws:${pubToken}@`) });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'corp' }));
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'ruby-public' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain: 'corp',
      repository: 'ruby-public',
      externalConnection: 'public:rubygems',
    }),
  );
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'base' }));
  await client.send(
    new CreateRepositoryCommand({
      domain: 'corp',
      repository: 'app',
      upstreams: [{ repositoryName: 'base' }, { repositoryName: 'ruby-public' }],
    }),
  );
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'corp' }))).authorizationToken!;
  for (const repository of ['base', 'app']) {
    endpoints[repository] = (
      await client.send(new GetRepositoryEndpointCommand({ domain: 'corp', repository, format: 'ruby' }))
    ).repositoryEndpoint!;
  }
  assert.match(await pushTo(endpoints.base!, token, await world.build('base-gem', '1.0.0')), /^200 /);
  const app = await world.build('app-gem', '0.1.0', {
    dependencies: [
      ['base-gem', '>= 1.0'],
      ['ext-gem', '~> 1.0'],
    ],
  });
  assert.match(await pushTo(endpoints.app!, token, app), /^200 /);
});
after(async () => {
  client.destroy();
  await server.stop();
  await publicServer.stop();
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const source = (repository: string) => endpoints[repository]!.replace('://', `://aws:${token}@`);
const versionsIn = async (repository: string, pkg: string) =>
  (
    await client.send(new ListPackageVersionsCommand({ domain: 'corp', repository, format: 'ruby', package: pkg }))
  ).versions!.map((v) => `${v.version}:${v.status}:${v.origin?.originType}`);
const get = (repository: string, path: string) =>
  fetch(`${endpoints[repository]}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('upstreams and public:rubygems', () => {
  it('gem install takes one dependency from an upstream and one through the external connection, and retains both', async () => {
    const into = world.dir('gem-home');
    const out = await world.gem(
      'install',
      '--clear-sources',
      '--source',
      source('app'),
      '--install-dir',
      into,
      '--no-document',
      'app-gem',
    );
    assert.match(out, /Successfully installed base-gem-1\.0\.0/);
    assert.match(out, /Successfully installed ext-gem-1\.2\.0/);
    assert.match(out, /Successfully installed app-gem-0\.1\.0/);
    assert.deepEqual(await versionsIn('app', 'base-gem'), ['1.0.0:Published:INTERNAL']);
    assert.deepEqual(await versionsIn('app', 'ext-gem'), ['1.2.0:Published:EXTERNAL']);
    assert.deepEqual(await versionsIn('ruby-public', 'ext-gem'), ['1.2.0:Published:EXTERNAL']);
  });

  it('/versions lists upstream and external gems with the MD5 of the /info served, and bundle install uses it', async () => {
    const versions = await (await get('app', 'versions')).text();
    for (const name of ['app-gem', 'base-gem', 'ext-gem']) {
      const line = versions.split('\n').find((l) => l.startsWith(`${name} `));
      assert.ok(line, `${name} in /versions:\n${versions}`);
      const info = await (await get('app', `info/${name}`)).text();
      assert.equal(line.split(' ')[2], createHash('md5').update(info).digest('hex'), name);
    }
    assert.match(await (await get('app', 'info/ext-gem')).text(), /^1\.0\.0 \|checksum:[0-9a-f]{64}$/m);
    const dir = world.dir('app');
    writeFileSync(
      join(dir, 'Gemfile'),
      `source ${JSON.stringify(endpoints.app)}\ngem "app-gem"\ngem "ext-gem", "1.0.0"\n`,
    );
    await world.bundle(dir, 'config', 'set', '--local', endpoints.app!, `aws:${token}`);
    await world.bundle(dir, 'config', 'set', '--local', 'path', join(dir, 'vendor'));
    assert.match(await world.bundle(dir, 'install'), /Bundle complete/);
    const lock = readFileSync(join(dir, 'Gemfile.lock'), 'utf8');
    assert.match(lock, /app-gem \(0\.1\.0\)/);
    assert.match(lock, /base-gem \(1\.0\.0\)/);
    assert.match(lock, /ext-gem \(1\.0\.0\)/);
    assert.deepEqual((await versionsIn('app', 'ext-gem')).sort(), [
      '1.0.0:Published:EXTERNAL',
      '1.2.0:Published:EXTERNAL',
    ]);
  });

  it('refuses to publish a version an upstream already has (dependency substitution)', async () => {
    const answer = await pushTo(endpoints.app!, token, await world.build('base-gem', '1.0.0'));
    assert.match(answer, /^409 .*available from an upstream/);
  });
});
