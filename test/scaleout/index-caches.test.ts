// Two Quiver processes on one PostgreSQL (and one S3 bucket), each keeping RubyGems /info files, NuGet
// flat-container and registration indexes and maven-metadata.xml in its own memory (registries/*/routes.ts): a
// push, yank/unlist, archive or delete through either instance is in the next document from both, because each
// kept document is checked against the package's change stamp, which the database moves in the writing transaction.
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
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { buildNupkg, pushNupkg } from '../helpers/nuget.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';
import { rubyWorld, type RubyWorld } from '../helpers/ruby.js';
import { createTestBucket, S3_KEYS } from '../helpers/s3.js';

await requirePrerequisites('PostgreSQL', 'moto_server', 'gem');

const instances: QuiverProcess[] = [];
const dirs: string[] = [];
let ca: CodeartifactClient[];
let world: RubyWorld;
let token: string;
let dropDatabase: () => Promise<void>;
/** endpoints[instance][format] */
const endpoints: Record<string, string>[] = [];

before(async () => {
  world = rubyWorld();
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  const { endpoint, bucket } = await createTestBucket();
  const shared = {
    QUIVER_DATABASE_URL: database.url,
    QUIVER_BLOB_URL: `s3://${bucket}/quiver`,
    QUIVER_S3_ENDPOINT: endpoint,
    QUIVER_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
    QUIVER_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
  };
  // One after the other: both would run the migrations at once otherwise.
  for (let i = 0; i < 2; i++) {
    const dir = tempDir('quiver-index-caches-');
    dirs.push(dir);
    instances.push(await spawnQuiver(dir, shared));
  }
  ca = instances.map((i) => codeartifact(i.endpoint, i.credentials));
  await ca[0]!.send(new CreateDomainCommand({ domain: 'shared' }));
  await ca[0]!.send(new CreateRepositoryCommand({ domain: 'shared', repository: 'repo' }));
  token = (await ca[0]!.send(new GetAuthorizationTokenCommand({ domain: 'shared' }))).authorizationToken!;
  for (const client of ca) {
    const mine: Record<string, string> = {};
    for (const format of ['ruby', 'nuget', 'maven'] as const)
      mine[format] = (
        await client.send(new GetRepositoryEndpointCommand({ domain: 'shared', repository: 'repo', format }))
      ).repositoryEndpoint!;
    endpoints.push(mine);
  }
});

after(async () => {
  for (const client of ca) client.destroy();
  await Promise.all(instances.map((instance) => stopProcess(instance.child)));
  for (const dir of [...dirs, world.home]) rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
});

const basic = () => ({ authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` });

/** The document from both instances, each asked twice (the second from its memory): all four equal, less origins. */
async function fromBoth(format: string, path: string): Promise<string | undefined> {
  const answers = [];
  for (const i of [0, 0, 1, 1]) {
    const response = await fetch(`${endpoints[i]![format]}${path}`, { headers: basic() });
    // Absolute URLs (the registration's) name the instance asked: compared without its origin.
    const body = response.ok ? (await response.text()).replaceAll(new URL(endpoints[i]![format]!).origin, '') : '';
    answers.push({ status: response.status, body });
  }
  for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0], `${format} ${path}`);
  return answers[0]!.status === 200 ? answers[0]!.body : undefined;
}

const status = (i: number, format: 'ruby' | 'nuget' | 'maven', pkg: string, versions: string[], namespace?: string) =>
  ca[i]!.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'shared',
      repository: 'repo',
      format,
      namespace,
      package: pkg,
      versions,
      targetStatus: 'Archived',
    }),
  );
const remove = (i: number, format: 'ruby' | 'nuget' | 'maven', pkg: string, versions: string[], namespace?: string) =>
  ca[i]!.send(
    new DeletePackageVersionsCommand({
      domain: 'shared',
      repository: 'repo',
      format,
      namespace,
      package: pkg,
      versions,
    }),
  );

describe('two instances on one PostgreSQL, each with its own index caches', () => {
  it('RubyGems /info follows pushes, a yank, an archive and a delete made through the other instance', async () => {
    const push = async (i: number, version: string) => {
      const response = await fetch(`${endpoints[i]!.ruby}api/v1/gems`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(readFileSync(await world.build('so-gem', version))),
      });
      assert.equal(response.status, 200);
    };
    const versions = async () =>
      (await fromBoth('ruby', 'info/so-gem'))
        ?.split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split(' ', 1)[0]);
    await push(0, '1.0.0');
    assert.deepEqual(await versions(), ['1.0.0']);
    await push(1, '1.1.0');
    await push(0, '1.2.0');
    assert.deepEqual(await versions(), ['1.0.0', '1.1.0', '1.2.0']);
    const yank = await fetch(`${endpoints[1]!.ruby}api/v1/gems/yank`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'gem_name=so-gem&version=1.0.0',
    });
    assert.equal(yank.status, 200);
    assert.deepEqual(await versions(), ['1.1.0', '1.2.0']);
    await status(0, 'ruby', 'so-gem', ['1.1.0']);
    assert.deepEqual(await versions(), ['1.2.0']);
    const info = (await fromBoth('ruby', 'info/so-gem'))!;
    const md5 = createHash('md5').update(info).digest('hex');
    assert.match((await fromBoth('ruby', 'versions'))!, new RegExp(`^so-gem 1\\.2\\.0 ${md5}$`, 'm'));
    await remove(1, 'ruby', 'so-gem', ['1.2.0']);
    assert.equal(await versions(), undefined);
  });

  it('NuGet flat-container and registration indexes follow pushes, an unlist, an archive and a delete', async () => {
    const push = async (i: number, version: string) => {
      const response = await pushNupkg(`${endpoints[i]!.nuget}v3/package`, buildNupkg('So.Pkg', version), {
        'x-nuget-apikey': token,
      });
      assert.equal(response.status, 201);
    };
    const flat = async () => {
      const body = await fromBoth('nuget', 'v3/flatcontainer/so.pkg/index.json');
      return body && (JSON.parse(body) as { versions: string[] }).versions;
    };
    const registration = async () => {
      const body = await fromBoth('nuget', 'v3/registration-semver2/so.pkg/index.json');
      return (
        body &&
        (JSON.parse(body) as { items: { items: { catalogEntry: { version: string; listed: boolean } }[] }[] }).items
          .flatMap((page) => page.items)
          .map((leaf) => `${leaf.catalogEntry.version}:${leaf.catalogEntry.listed}`)
      );
    };
    await push(0, '1.0.0');
    assert.deepEqual(await flat(), ['1.0.0']);
    assert.deepEqual(await registration(), ['1.0.0:true']);
    await push(1, '1.1.0');
    assert.deepEqual(await flat(), ['1.0.0', '1.1.0']);
    assert.deepEqual(await registration(), ['1.0.0:true', '1.1.0:true']);
    const unlist = await fetch(`${endpoints[0]!.nuget}v3/package/So.Pkg/1.0.0`, {
      method: 'DELETE',
      headers: { 'x-nuget-apikey': token },
    });
    assert.equal(unlist.status, 204);
    assert.deepEqual(await registration(), ['1.0.0:false', '1.1.0:true']);
    await status(1, 'nuget', 'so.pkg', ['1.1.0']);
    assert.deepEqual(await flat(), ['1.0.0']);
    assert.deepEqual(await registration(), ['1.0.0:false']);
    await remove(0, 'nuget', 'so.pkg', ['1.0.0']);
    assert.equal(await flat(), undefined);
    assert.equal(await registration(), undefined);
  });

  it('maven-metadata.xml and its .sha1 follow deploys and a delete made through the other instance', async () => {
    const deploy = async (i: number, v: string) => {
      for (const [path, body] of [
        [
          `org/so/lib/${v}/lib-${v}.pom`,
          `<project><groupId>org.so</groupId><artifactId>lib</artifactId><version>${v}</version></project>`,
        ],
        [`org/so/lib/${v}/lib-${v}.jar`, `jar ${v}`],
        [
          'org/so/lib/maven-metadata.xml',
          `<metadata><groupId>org.so</groupId><artifactId>lib</artifactId><versioning><versions><version>${v}</version></versions></versioning></metadata>`,
        ],
      ]) {
        const response = await fetch(`${endpoints[i]!.maven}${path}`, { method: 'PUT', headers: basic(), body });
        assert.equal(response.status, 201);
      }
    };
    const versions = async () => {
      const xml = await fromBoth('maven', 'org/so/lib/maven-metadata.xml');
      const sha1 = await fromBoth('maven', 'org/so/lib/maven-metadata.xml.sha1');
      assert.equal(sha1, xml && createHash('sha1').update(xml).digest('hex'));
      return xml && [...xml.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]);
    };
    await deploy(0, '1.0');
    assert.deepEqual(await versions(), ['1.0']);
    await deploy(1, '1.1');
    assert.deepEqual(await versions(), ['1.0', '1.1']);
    await remove(0, 'maven', 'lib', ['1.0', '1.1'], 'org.so');
    assert.equal(await versions(), undefined);
  });
});
