// RubyGems on a Quiver repository with the real tools (Debian's gem 3.3.15 and bundle 2.3.15) in a temporary
// HOME: `gem push` (the key from ~/.gem/credentials as the CodeArtifact guide writes it), `gem install --source`
// (a gem depending on another from Quiver), `bundle install` from a Gemfile (Gemfile.lock written), the compact
// index's own guarantees (each /versions MD5 is its /info body's; ETag, Range), every status as the clients see
// it (formats.md §7), concurrent pushes, bad input, and the AWS API's view of a gem.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageVersionCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  CopyPackageVersionsCommand,
  DeletePackageVersionsCommand,
  DisposePackageVersionsCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { create as createTar } from 'tar';
import { codeartifact } from '../helpers/clients.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { rubyWorld, type RubyWorld } from '../helpers/ruby.js';

await requirePrerequisites('gem', 'bundle');

let server: RunningQuiver;
let client: CodeartifactClient;
let world: RubyWorld;
let endpoint: string;
let source: string;
let token: string;

before(async () => {
  server = await startQuiver({ QUIVER_RUBYGEMS_MAX_PUSH_MB: '1' });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'rb' }));
  await client.send(new CreateRepositoryCommand({ domain: 'rb', repository: 'gems' }));
  endpoint = (await client.send(new GetRepositoryEndpointCommand({ domain: 'rb', repository: 'gems', format: 'ruby' })))
    .repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'rb' }))).authorizationToken!;
  source = endpoint.replace('://', `://aws:${token}@`);
  world = rubyWorld();
  world.credentials(`Bearer ${token}`);
});
after(async () => {
  client.destroy();
  await server.stop();
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const host = () => endpoint.replace(/\/+$/, '');
const push = (file: string) => world.gem('push', '--key', 'quiver', '--host', host(), file);
const versionsOf = async (pkg: string) =>
  (
    await client.send(
      new ListPackageVersionsCommand({ domain: 'rb', repository: 'gems', format: 'ruby', package: pkg }),
    )
  ).versions!.map((v) => `${v.version}:${v.status}`);
const setStatus = (pkg: string, versions: string[], targetStatus: 'Published' | 'Unlisted' | 'Archived') =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'rb',
      repository: 'gems',
      format: 'ruby',
      package: pkg,
      versions,
      targetStatus,
    }),
  );
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${endpoint}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
/** A fresh GEM_HOME for one install, so every install resolves from Quiver again. */
const installInto = (...args: string[]) => {
  const into = world.dir('gem-home');
  return world.gem('install', '--clear-sources', '--source', source, '--install-dir', into, '--no-document', ...args);
};

async function bundleInstall(
  gemfileLines: string[],
  lockfile?: string,
): Promise<{ out: string; lock: string; dir: string }> {
  const dir = world.dir('app');
  writeFileSync(join(dir, 'Gemfile'), `source ${JSON.stringify(endpoint)}\n${gemfileLines.join('\n')}\n`);
  if (lockfile) writeFileSync(join(dir, 'Gemfile.lock'), lockfile);
  await world.bundle(dir, 'config', 'set', '--local', endpoint, `aws:${token}`);
  // Its own install path: Bundler resolves from installed gems too, and each install must resolve from Quiver.
  await world.bundle(dir, 'config', 'set', '--local', 'path', join(dir, 'vendor'));
  const out = await world.bundle(dir, 'install');
  return { out, lock: readFileSync(join(dir, 'Gemfile.lock'), 'utf8'), dir };
}

describe('gem push and gem install', () => {
  it('publishes with gem push and installs a gem with a dependency from Quiver', async () => {
    const base = await world.build('qv-base', '1.0.0', { requiredRubyVersion: '>= 2.5' });
    assert.match(await push(base), /Successfully registered gem: qv-base \(1\.0\.0\)/);
    const app = await world.build('qv-app', '2.0.0', {
      dependencies: [['qv-base', '~> 1.0']],
      developmentDependencies: [['rake', '>= 0']],
    });
    assert.match(await push(app), /Successfully registered gem: qv-app \(2\.0\.0\)/);
    const out = await installInto('qv-app');
    assert.match(out, /Successfully installed qv-base-1\.0\.0/);
    assert.match(out, /Successfully installed qv-app-2\.0\.0/);
    assert.deepEqual(await versionsOf('qv-app'), ['2.0.0:Published']);
  });

  it('bundle install resolves from a Gemfile pointing at Quiver and writes Gemfile.lock', async () => {
    const { out, lock } = await bundleInstall(['gem "qv-app"']);
    assert.match(out, /Bundle complete/);
    assert.match(lock, /qv-app \(2\.0\.0\)\n\s+qv-base \(~> 1\.0\)/);
    assert.match(lock, /qv-base \(1\.0\.0\)/);
    assert.ok(lock.includes(`remote: ${endpoint}`), lock);
  });

  it('bundle install sees a gem pushed after its cached /versions (a Range answer appended and checked by ETag)', async () => {
    // The previous test left /versions in this HOME's compact index cache; zz-late sorts last, so the 206 is a true append.
    assert.match(await push(await world.build('zz-late', '0.1.0')), /Successfully registered/);
    const { lock } = await bundleInstall(['gem "zz-late"', 'gem "qv-app"']);
    assert.match(lock, /zz-late \(0\.1\.0\)/);
    const cached = readFileSync(
      join(
        world.env.BUNDLE_USER_HOME!,
        'cache',
        'compact_index',
        readdirSync(join(world.env.BUNDLE_USER_HOME!, 'cache', 'compact_index'))[0]!,
        'versions',
      ),
      'utf8',
    );
    assert.equal(cached, await (await get('versions')).text());
  });

  it('serves a compact index whose /versions MD5s are the /info bodies, with ETag and Range as bundler uses them', async () => {
    const versions = await (await get('versions')).text();
    assert.match(versions, /^created_at: \S+\n---\n/);
    const lines = versions.split('---\n')[1]!.trim().split('\n');
    assert.ok(lines.length >= 2);
    for (const line of lines) {
      const [name, , sum] = line.split(' ');
      const info = await get(`info/${name}`);
      const body = await info.text();
      assert.equal(sum, md5(body), `MD5 of /info/${name}`);
      assert.equal(info.headers.get('etag'), `"${md5(body)}"`);
    }
    const info = await (await get('info/qv-app')).text();
    assert.match(info, /^---\n2\.0\.0 qv-base:~> 1\.0\|checksum:[0-9a-f]{64}\n$/);
    assert.match(await (await get('info/qv-base')).text(), /\|checksum:[0-9a-f]{64},ruby:>= 2\.5\n$/);
    const full = await get('versions');
    const etag = full.headers.get('etag')!;
    assert.equal((await get('versions', { 'if-none-match': etag })).status, 304);
    const tail = await get('versions', { range: `bytes=${versions.length - 1}-` });
    assert.equal(tail.status, 206);
    assert.equal(await tail.text(), '\n');
    assert.equal(tail.headers.get('etag'), etag);
    assert.equal((await (await get('names')).text()).split('\n').includes('qv-app'), true);
  });
});

describe('platforms', () => {
  it("keeps a pure-Ruby and a platform .gem in one version; gem install picks this machine's", async () => {
    assert.match(
      await push(await world.build('qv-native', '1.0.0')),
      /Successfully registered gem: qv-native \(1\.0\.0\)/,
    );
    const native = await world.build('qv-native', '1.0.0', { platform: 'x86_64-linux' });
    assert.match(await push(native), /Successfully registered gem: qv-native \(1\.0\.0-x86_64-linux\)/);
    assert.match(await push(native), /Successfully registered/, 'the same file again is idempotent');
    const info = await (await get('info/qv-native')).text();
    assert.match(info, /^---\n1\.0\.0 \|checksum:[0-9a-f]{64}\n1\.0\.0-x86_64-linux \|checksum:[0-9a-f]{64}\n$/);
    const assets = await client.send(
      new ListPackageVersionAssetsCommand({
        domain: 'rb',
        repository: 'gems',
        format: 'ruby',
        package: 'qv-native',
        packageVersion: '1.0.0',
      }),
    );
    assert.deepEqual(assets.assets!.map((a) => a.name).sort(), [
      'qv-native-1.0.0-x86_64-linux.gem',
      'qv-native-1.0.0.gem',
    ]);
    assert.match(await installInto('qv-native'), /Successfully installed qv-native-1\.0\.0-x86_64-linux/);
    assert.equal((await get('quick/Marshal.4.8/qv-native-1.0.0-x86_64-linux.gemspec.rz')).status, 200);
  });
});

describe('statuses as gem and bundler see them (formats.md §7)', () => {
  it('a yanked version leaves the index, installs from neither a fresh resolution nor -v, but its .gem stays', async () => {
    assert.match(await push(await world.build('qv-yank', '1.0.0')), /Successfully registered/);
    assert.match(await push(await world.build('qv-yank', '1.1.0')), /Successfully registered/);
    const locked = await bundleInstall(['gem "qv-yank"']);
    assert.match(locked.lock, /qv-yank \(1\.1\.0\)/);
    const out = await world.gem('yank', 'qv-yank', '-v', '1.1.0', '--key', 'quiver', '--host', host());
    assert.match(out, /Successfully deleted gem: qv-yank \(1\.1\.0\)/);
    assert.deepEqual(await versionsOf('qv-yank'), ['1.0.0:Published', '1.1.0:Unlisted']);
    const fresh = await bundleInstall(['gem "qv-yank"']);
    assert.match(fresh.lock, /qv-yank \(1\.0\.0\)/);
    assert.match(await installInto('qv-yank'), /Successfully installed qv-yank-1\.0\.0/);
    assert.equal((await get('gems/qv-yank-1.1.0.gem')).status, 200);
    assert.equal((await get('quick/Marshal.4.8/qv-yank-1.1.0.gemspec.rz')).status, 200);
    // The lock written before the yank: the gems it already installed keep working (bundle install --local).
    const again = await world.bundle(locked.dir, 'install', '--local');
    assert.match(again, /Bundle complete/);
    // Elsewhere, the same lock is refused as rubygems.org refuses a yanked gem's (docs/ruby.md says why).
    await assert.rejects(
      bundleInstall(['gem "qv-yank"'], locked.lock),
      /locked to qv-yank \(1\.1\.0\)[\s\S]*removed it/,
    );
  });

  it('an archived version does not install, and a published one again does', async () => {
    assert.match(await push(await world.build('qv-arch', '3.0.0')), /Successfully registered/);
    await setStatus('qv-arch', ['3.0.0'], 'Archived');
    await assert.rejects(
      installInto('qv-arch', '-v', '3.0.0'),
      /Could not find a valid gem 'qv-arch'|Unable to resolve|not found/i,
    );
    assert.equal((await get('gems/qv-arch-3.0.0.gem')).status, 404);
    await assert.rejects(bundleInstall(['gem "qv-arch"']), /Could not find gem 'qv-arch'/);
    await setStatus('qv-arch', ['3.0.0'], 'Published');
    assert.match(await installInto('qv-arch', '-v', '3.0.0'), /Successfully installed qv-arch-3\.0\.0/);
  });
});

describe('concurrent pushes and bad input', () => {
  it('16 concurrent pushes of different versions of one gem all land in the index', async () => {
    const files: Buffer[] = [];
    for (let i = 0; i < 16; i++) files.push(readFileSync(await world.build('qv-many', `1.${i}.0`)));
    const answers = await Promise.all(
      files.map((body) =>
        fetch(`${endpoint}api/v1/gems`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(body),
        }).then(async (r) => `${r.status} ${await r.text()}`),
      ),
    );
    for (const answer of answers) assert.match(answer, /^200 Successfully registered gem: qv-many/);
    const info = await (await get('info/qv-many')).text();
    assert.equal(info.split('\n').filter((l) => /^1\.\d+\.0 /.test(l)).length, 16);
    const line = (await (await get('versions')).text()).split('\n').find((l) => l.startsWith('qv-many '))!;
    assert.equal(line.split(' ')[1]!.split(',').length, 16);
    assert.equal(line.split(' ')[2], md5(info));
    assert.equal((await versionsOf('qv-many')).length, 16);
  });

  const postGem = (body: Buffer) =>
    fetch(`${endpoint}api/v1/gems`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(body),
    }).then(async (r) => ({ status: r.status, text: await r.text() }));

  function tarOf(entries: Record<string, Buffer>): Buffer {
    const dir = world.dir('bad-gem');
    for (const [name, bytes] of Object.entries(entries)) writeFileSync(join(dir, name), bytes);
    const out = join(dir, 'out.gem');
    createTar({ file: out, cwd: dir, sync: true, portable: true }, Object.keys(entries));
    return readFileSync(out);
  }

  it('refuses a body that is not a tar, a gemspec that does not load, and a name RubyGems rejects; nothing is stored', async () => {
    const notTar = await postGem(Buffer.from('this is not a gem'.repeat(100)));
    assert.equal(notTar.status, 400);
    assert.match(notTar.text, /not a \.gem file/);
    const badYaml = await postGem(
      tarOf({
        'metadata.gz': gzipSync('--- !ruby/object:Gem::Specification\nname: [unclosed\n'),
        'data.tar.gz': gzipSync(''),
      }),
    );
    assert.equal(badYaml.status, 400);
    assert.match(badYaml.text, /gemspec does not load/);
    const spec = (name: string) =>
      `--- !ruby/object:Gem::Specification\nname: ${name}\nversion: !ruby/object:Gem::Version\n  version: 1.0.0\nplatform: ruby\n`;
    const badName = await postGem(tarOf({ 'metadata.gz': gzipSync(spec('"-bad name"')), 'data.tar.gz': gzipSync('') }));
    assert.equal(badName.status, 400);
    assert.match(badName.text, /invalid value for attribute name/);
    const noData = await postGem(tarOf({ 'metadata.gz': gzipSync(spec('qv-nodata')) }));
    assert.equal(noData.status, 400);
    assert.match(noData.text, /no data\.tar\.gz/);
    const names = await (await get('names')).text();
    assert.ok(!names.includes('bad') && !names.includes('qv-nodata'), names);
    const unauthenticated = await fetch(`${endpoint}api/v1/gems`, { method: 'POST', body: 'x' });
    assert.equal(unauthenticated.status, 401);
  });
});

describe('the AWS API view of a gem', () => {
  it('describes the version from its gemspec, lists its .gem and its dependencies', async () => {
    const described = await client.send(
      new DescribePackageVersionCommand({
        domain: 'rb',
        repository: 'gems',
        format: 'ruby',
        package: 'qv-app',
        packageVersion: '2.0.0',
      }),
    );
    assert.equal(described.packageVersion!.summary, 'The qv-app gem');
    assert.equal(described.packageVersion!.homePage, 'https://example.com/gems');
    assert.equal(described.packageVersion!.sourceCodeRepository, 'https://example.com/src');
    assert.deepEqual(described.packageVersion!.licenses, [{ name: 'MIT' }]);
    const assets = await client.send(
      new ListPackageVersionAssetsCommand({
        domain: 'rb',
        repository: 'gems',
        format: 'ruby',
        package: 'qv-app',
        packageVersion: '2.0.0',
      }),
    );
    assert.deepEqual(
      assets.assets!.map((a) => a.name),
      ['qv-app-2.0.0.gem'],
    );
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain: 'rb',
        repository: 'gems',
        format: 'ruby',
        package: 'qv-app',
        packageVersion: '2.0.0',
      }),
    );
    assert.deepEqual(
      deps.dependencies!.map((d) => [d.package, d.dependencyType, d.versionRequirement]),
      [
        ['qv-base', 'runtime', '~> 1.0'],
        ['rake', 'development', '>= 0'],
      ],
    );
  });

  it('copies a gem to another repository, where gem install finds it; delete and dispose take it out of the index', async () => {
    await client.send(new CreateRepositoryCommand({ domain: 'rb', repository: 'gems-copy' }));
    const copied = await client.send(
      new CopyPackageVersionsCommand({
        domain: 'rb',
        sourceRepository: 'gems',
        destinationRepository: 'gems-copy',
        format: 'ruby',
        package: 'qv-native',
        versions: ['1.0.0'],
      }),
    );
    assert.deepEqual(Object.keys(copied.successfulVersions ?? {}), ['1.0.0']);
    const copySource = source.replace('/ruby/gems/', '/ruby/gems-copy/');
    const into = world.dir('gem-home');
    const out = await world.gem(
      'install',
      '--clear-sources',
      '--source',
      copySource,
      '--install-dir',
      into,
      'qv-native',
    );
    assert.match(out, /Successfully installed qv-native-1\.0\.0-x86_64-linux/);

    await client.send(
      new DisposePackageVersionsCommand({
        domain: 'rb',
        repository: 'gems',
        format: 'ruby',
        package: 'qv-arch',
        versions: ['3.0.0'],
      }),
    );
    assert.equal((await get('gems/qv-arch-3.0.0.gem')).status, 404);
    assert.equal((await get('info/qv-arch')).status, 404);
    await client.send(
      new DeletePackageVersionsCommand({
        domain: 'rb',
        repository: 'gems',
        format: 'ruby',
        package: 'qv-base',
        versions: ['1.0.0'],
      }),
    );
    assert.equal((await get('info/qv-base')).status, 404);
    const versions = await (await get('versions')).text();
    assert.ok(!/^qv-base /m.test(versions) && !/^qv-arch /m.test(versions), versions);
  });
});
