// The index documents RubyGems, NuGet and Maven clients read — /info/<gem>, the flat-container and registration
// indexes, maven-metadata.xml with its checksums — are kept per instance behind the package's change stamp
// (registries/*/routes.ts, Upstreams.stamp). Each is fetched twice (the second from memory), then changed in
// every way the format has — a new version, yank/unlist, archive, delete, a change in an upstream, a change of
// the upstream list — and the very next fetch shows the change. Over real HTTP on loopback; the real gem, bundle,
// mvn and NuGet clients run against the same caches in test/ruby, test/maven and test/nuget.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  UpdatePackageVersionsStatusCommand,
  UpdateRepositoryCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { buildNupkg, pushNupkg } from '../helpers/nuget.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { rubyWorld, type RubyWorld } from '../helpers/ruby.js';

await requirePrerequisites('gem');

let server: RunningQuiver;
let client: CodeartifactClient;
let world: RubyWorld;
let token: string;
const endpoint: Record<string, string> = {};

before(async () => {
  world = rubyWorld();
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'ic' }));
  await client.send(new CreateRepositoryCommand({ domain: 'ic', repository: 'base' }));
  await client.send(
    new CreateRepositoryCommand({ domain: 'ic', repository: 'app', upstreams: [{ repositoryName: 'base' }] }),
  );
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'ic' }))).authorizationToken!;
  for (const repository of ['base', 'app'])
    for (const format of ['ruby', 'nuget', 'maven'] as const)
      endpoint[`${repository}/${format}`] = (
        await client.send(new GetRepositoryEndpointCommand({ domain: 'ic', repository, format }))
      ).repositoryEndpoint!;
});
after(async () => {
  client.destroy();
  await server.stop();
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const basic = () => ({ authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` });
const get = (where: string, path: string, headers: Record<string, string> = {}) =>
  fetch(`${endpoint[where]}${path}`, { headers: { ...basic(), ...headers } });
const md5 = (text: string | Buffer) => createHash('md5').update(text).digest('hex');
const sha1 = (text: string | Buffer) => createHash('sha1').update(text).digest('hex');

/** The body of a 200 fetched twice (the second from the cache), which must be byte-identical; 404 → undefined. */
async function twice(where: string, path: string): Promise<string | undefined> {
  const answers = [];
  for (let i = 0; i < 2; i++) {
    const response = await get(where, path);
    const body = await response.text();
    answers.push({ status: response.status, etag: response.headers.get('etag'), body: response.ok ? body : '' });
  }
  assert.deepEqual(answers[1], answers[0], `${where} ${path} twice`);
  assert.ok(answers[0]!.status === 200 || answers[0]!.status === 404, `${where} ${path}: ${answers[0]!.status}`);
  return answers[0]!.status === 200 ? answers[0]!.body : undefined;
}

const setStatus = (
  format: 'ruby' | 'nuget' | 'maven',
  pkg: string,
  versions: string[],
  targetStatus: 'Archived',
  namespace?: string,
) =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'ic',
      repository: 'app',
      format,
      namespace,
      package: pkg,
      versions,
      targetStatus,
    }),
  );
const deleteVersions = (format: 'ruby' | 'nuget' | 'maven', pkg: string, versions: string[], namespace?: string) =>
  client.send(
    new DeletePackageVersionsCommand({ domain: 'ic', repository: 'app', format, namespace, package: pkg, versions }),
  );

describe('RubyGems /info/<gem> behind the gem stamp', () => {
  const push = async (where: string, name: string, version: string) => {
    const response = await fetch(`${endpoint[where]}api/v1/gems`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(readFileSync(await world.build(name, version))),
    });
    assert.equal(response.status, 200, await response.text());
  };
  const versionsOf = (info: string | undefined) =>
    info === undefined
      ? undefined
      : info
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((l) => l.split(' ', 1)[0]);
  const info = (name: string) => twice('app/ruby', `info/${name}`);

  it('follows a push, a yank, an archive and a delete; ETag, Range and /versions stay those of the bytes served', async () => {
    await push('app/ruby', 'ic-gem', '1.0.0');
    assert.deepEqual(versionsOf(await info('ic-gem')), ['1.0.0']);
    await push('app/ruby', 'ic-gem', '1.1.0');
    await push('app/ruby', 'ic-gem', '1.2.0');
    const body = (await info('ic-gem'))!;
    assert.deepEqual(versionsOf(body), ['1.0.0', '1.1.0', '1.2.0']);
    // The kept file's validators are the ones of its bytes, and a Range answer is the tail of those bytes.
    const full = await get('app/ruby', 'info/ic-gem');
    assert.equal(full.headers.get('etag'), `"${md5(body)}"`);
    assert.equal(full.headers.get('repr-digest'), `sha-256=:${createHash('sha256').update(body).digest('base64')}:`);
    assert.equal((await get('app/ruby', 'info/ic-gem', { 'if-none-match': `"${md5(body)}"` })).status, 304);
    const start = Buffer.byteLength(body) - 10;
    const part = await get('app/ruby', 'info/ic-gem', { range: `bytes=${start}-` });
    assert.equal(part.status, 206);
    assert.equal(Buffer.from(await part.arrayBuffer()).toString(), Buffer.from(body).subarray(start).toString());
    const versions = await (await get('app/ruby', 'versions')).text();
    assert.match(versions, new RegExp(`^ic-gem 1\\.0\\.0,1\\.1\\.0,1\\.2\\.0 ${md5(body)}$`, 'm'));

    const yank = await fetch(`${endpoint['app/ruby']}api/v1/gems/yank`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'gem_name=ic-gem&version=1.0.0',
    });
    assert.equal(yank.status, 200);
    assert.deepEqual(versionsOf(await info('ic-gem')), ['1.1.0', '1.2.0']);
    await setStatus('ruby', 'ic-gem', ['1.1.0'], 'Archived');
    const after = (await info('ic-gem'))!;
    assert.deepEqual(versionsOf(after), ['1.2.0']);
    assert.match(await (await get('app/ruby', 'versions')).text(), new RegExp(`^ic-gem 1\\.2\\.0 ${md5(after)}$`, 'm'));
    await deleteVersions('ruby', 'ic-gem', ['1.2.0']);
    assert.equal(await info('ic-gem'), undefined);
  });

  it('follows a push to an upstream and a change of the upstream list', async () => {
    await push('base/ruby', 'ic-up', '1.0.0');
    assert.deepEqual(versionsOf(await info('ic-up')), ['1.0.0']);
    await push('base/ruby', 'ic-up', '2.0.0');
    assert.deepEqual(versionsOf(await info('ic-up')), ['1.0.0', '2.0.0']);
    await client.send(new UpdateRepositoryCommand({ domain: 'ic', repository: 'app', upstreams: [] }));
    assert.equal(await info('ic-up'), undefined);
    await client.send(
      new UpdateRepositoryCommand({ domain: 'ic', repository: 'app', upstreams: [{ repositoryName: 'base' }] }),
    );
    assert.deepEqual(versionsOf(await info('ic-up')), ['1.0.0', '2.0.0']);
  });
});

describe('NuGet flat-container and registration indexes behind the package stamp', () => {
  const push = async (where: string, id: string, version: string) => {
    const response = await pushNupkg(`${endpoint[where]}v3/package`, buildNupkg(id, version), {
      'x-nuget-apikey': token,
    });
    assert.equal(response.status, 201, await response.text());
  };
  const flat = async (id: string) => {
    const body = await twice('app/nuget', `v3/flatcontainer/${id.toLowerCase()}/index.json`);
    return body === undefined ? undefined : (JSON.parse(body) as { versions: string[] }).versions;
  };
  /** Each hive's registration index: `version:listed` of every inlined leaf. */
  const registration = async (id: string) => {
    const hives = [];
    for (const hive of ['registration', 'registration-semver2']) {
      const body = await twice('app/nuget', `v3/${hive}/${id.toLowerCase()}/index.json`);
      hives.push(
        body === undefined
          ? undefined
          : (JSON.parse(body) as { items: { items: { catalogEntry: { version: string; listed: boolean } }[] }[] }).items
              .flatMap((page) => page.items)
              .map((leaf) => `${leaf.catalogEntry.version}:${leaf.catalogEntry.listed}`),
      );
    }
    assert.deepEqual(hives[1], hives[0]);
    return hives[0];
  };

  it('follows a push, an unlist, a relist, an archive and a delete', async () => {
    await push('app/nuget', 'Ic.Pkg', '1.0.0');
    assert.deepEqual(await flat('Ic.Pkg'), ['1.0.0']);
    assert.deepEqual(await registration('Ic.Pkg'), ['1.0.0:true']);
    await push('app/nuget', 'Ic.Pkg', '1.1.0');
    await push('app/nuget', 'Ic.Pkg', '1.2.0');
    assert.deepEqual(await flat('Ic.Pkg'), ['1.0.0', '1.1.0', '1.2.0']);
    assert.deepEqual(await registration('Ic.Pkg'), ['1.0.0:true', '1.1.0:true', '1.2.0:true']);
    const unlist = await fetch(`${endpoint['app/nuget']}v3/package/Ic.Pkg/1.0.0`, {
      method: 'DELETE',
      headers: { 'x-nuget-apikey': token },
    });
    assert.equal(unlist.status, 204);
    assert.deepEqual(await flat('Ic.Pkg'), ['1.0.0', '1.1.0', '1.2.0']); // the flat container lists Unlisted ones
    assert.deepEqual(await registration('Ic.Pkg'), ['1.0.0:false', '1.1.0:true', '1.2.0:true']);
    const relist = await fetch(`${endpoint['app/nuget']}v3/package/Ic.Pkg/1.0.0`, {
      method: 'POST',
      headers: { 'x-nuget-apikey': token },
    });
    assert.equal(relist.status, 200);
    assert.deepEqual(await registration('Ic.Pkg'), ['1.0.0:true', '1.1.0:true', '1.2.0:true']);
    await setStatus('nuget', 'ic.pkg', ['1.1.0'], 'Archived');
    assert.deepEqual(await flat('Ic.Pkg'), ['1.0.0', '1.2.0']);
    assert.deepEqual(await registration('Ic.Pkg'), ['1.0.0:true', '1.2.0:true']);
    await deleteVersions('nuget', 'ic.pkg', ['1.0.0', '1.2.0']);
    assert.equal(await flat('Ic.Pkg'), undefined);
    assert.equal(await registration('Ic.Pkg'), undefined);
  });

  it('follows a push to an upstream', async () => {
    await push('base/nuget', 'Ic.Up', '1.0.0');
    assert.deepEqual(await flat('Ic.Up'), ['1.0.0']);
    assert.deepEqual(await registration('Ic.Up'), ['1.0.0:true']);
    await push('base/nuget', 'Ic.Up', '2.0.0');
    assert.deepEqual(await flat('Ic.Up'), ['1.0.0', '2.0.0']);
    assert.deepEqual(await registration('Ic.Up'), ['1.0.0:true', '2.0.0:true']);
  });
});

describe('Maven maven-metadata.xml and its checksums behind the artifact stamp', () => {
  const put = async (where: string, path: string, body: string | Buffer) => {
    const response = await fetch(`${endpoint[where]}${path}`, {
      method: 'PUT',
      headers: basic(),
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    assert.equal(response.status, 201, `${path}: ${await response.text()}`);
  };
  /** What mvn deploy sends for a release: the pom, the jar, then a metadata listing the version. */
  const deploy = async (where: string, a: string, v: string) => {
    const dir = `org/ic/${a}`;
    await put(
      where,
      `${dir}/${v}/${a}-${v}.pom`,
      `<project><groupId>org.ic</groupId><artifactId>${a}</artifactId><version>${v}</version></project>`,
    );
    await put(where, `${dir}/${v}/${a}-${v}.jar`, Buffer.from(`jar of ${a} ${v}`));
    await put(
      where,
      `${dir}/maven-metadata.xml`,
      `<metadata><groupId>org.ic</groupId><artifactId>${a}</artifactId><versioning><versions><version>${v}</version></versions></versioning></metadata>`,
    );
  };
  /** The metadata's versions, after checking that its .sha1 and .md5 (each fetched twice) are of its bytes. */
  const metadata = async (a: string) => {
    const path = `org/ic/${a}/maven-metadata.xml`;
    const xml = await twice('app/maven', path);
    const sums = [await twice('app/maven', `${path}.sha1`), await twice('app/maven', `${path}.md5`)];
    if (xml === undefined) {
      assert.deepEqual(sums, [undefined, undefined]);
      return undefined;
    }
    assert.deepEqual(sums, [sha1(xml), md5(xml)]);
    return [...xml.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]);
  };

  it('follows a deploy, an archive and a delete, the checksums always those of the metadata served', async () => {
    await deploy('app/maven', 'lib', '1.0');
    assert.deepEqual(await metadata('lib'), ['1.0']);
    await deploy('app/maven', 'lib', '1.1');
    assert.deepEqual(await metadata('lib'), ['1.0', '1.1']);
    await setStatus('maven', 'lib', ['1.0'], 'Archived', 'org.ic');
    assert.deepEqual(await metadata('lib'), ['1.1']);
    await deleteVersions('maven', 'lib', ['1.0', '1.1'], 'org.ic');
    assert.equal(await metadata('lib'), undefined);
  });

  it('follows a deploy to an upstream', async () => {
    await deploy('base/maven', 'up', '1.0');
    assert.deepEqual(await metadata('up'), ['1.0']);
    await deploy('base/maven', 'up', '2.0');
    assert.deepEqual(await metadata('up'), ['1.0', '2.0']);
  });
});
