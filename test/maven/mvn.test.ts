// Maven on a Quiver repository with the real mvn 3.8.7 (offline; temporary settings.xml and local repository):
// `mvn deploy` of a release and of a SNAPSHOT twice, a consumer project compiling against both, each status as
// mvn and maven-metadata.xml see it, and the AWS API's view of a Maven package. mvn starts a JVM per run, so the
// runs are few and each checks several things.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageVersionCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { mavenWorld, type MavenWorld } from '../helpers/maven.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

await requirePrerequisites('mvn');

let server: RunningQuiver;
let client: CodeartifactClient;
let world: MavenWorld;
let endpoint: string;
let token: string;

const GROUP = 'com.example.quiver';
const LICENSES =
  '<name>Demo library</name><description>A demo for Quiver</description><url>https://example.test/demo</url>' +
  '<licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license></licenses>';

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'mvn' }));
  await client.send(new CreateRepositoryCommand({ domain: 'mvn', repository: 'releases' }));
  endpoint = (
    await client.send(new GetRepositoryEndpointCommand({ domain: 'mvn', repository: 'releases', format: 'maven' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'mvn' }))).authorizationToken!;
  world = mavenWorld(token);
});
after(async () => {
  client.destroy();
  await server.stop();
  world?.remove();
});

const auth = () => ({ authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` });
const get = (path: string) => fetch(`${endpoint}${path}`, { headers: auth() });
const metadataOf = async (path: string) => {
  const response = await get(path);
  return { status: response.status, text: await response.text() };
};
const versionsIn = (xml: string) => [...xml.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]);
const setStatus = (pkg: string, versions: string[], targetStatus: 'Published' | 'Unlisted' | 'Archived') =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'mvn',
      repository: 'releases',
      format: 'maven',
      namespace: GROUP,
      package: pkg,
      versions,
      targetStatus,
    }),
  );
const deployUrl = () => `-DaltDeploymentRepository=quiver::${endpoint}`;

const library = (version: string, body: string) => ({
  groupId: GROUP,
  artifactId: 'demo-lib',
  version,
  extra: LICENSES,
  sources: { 'com/example/quiver/Demo.java': `package com.example.quiver; public class Demo { ${body} }` },
});
const snapshotLib = (body: string) => ({
  groupId: GROUP,
  artifactId: 'snap-lib',
  version: '1.1.0-SNAPSHOT',
  sources: { 'com/example/quiver/Snap.java': `package com.example.quiver; public class Snap { ${body} }` },
});
/** pom and jar over HTTP, and (when `publish`) the metadata that publishes them: what mvn deploy PUTs. */
async function httpDeploy(pkg: string, publish: boolean) {
  const dir = `${endpoint}com/example/quiver/${pkg}`;
  const put = (path: string, body: string) => fetch(`${dir}/${path}`, { method: 'PUT', headers: auth(), body });
  const pom = `<project><modelVersion>4.0.0</modelVersion><groupId>${GROUP}</groupId><artifactId>${pkg}</artifactId><version>1.0.0</version></project>`;
  assert.equal((await put(`1.0.0/${pkg}-1.0.0.pom`, pom)).status, 201);
  assert.equal((await put(`1.0.0/${pkg}-1.0.0.jar`, 'not a real jar')).status, 201);
  if (publish)
    assert.equal(
      (
        await put(
          'maven-metadata.xml',
          `<metadata><versioning><versions><version>1.0.0</version></versions></versioning></metadata>`,
        )
      ).status,
      201,
    );
}

/** A consumer that compiles only against demo-lib's `hello()` and snap-lib's second build's `second()`. */
const consumer = (demoVersion: string, more: string[] = []) =>
  world.project(
    {
      groupId: 'com.example.app',
      artifactId: 'consumer',
      version: '1.0.0',
      dependencies: [
        { groupId: GROUP, artifactId: 'demo-lib', version: demoVersion },
        { groupId: GROUP, artifactId: 'snap-lib', version: '1.1.0-SNAPSHOT' },
        ...more.map((artifactId) => ({ groupId: GROUP, artifactId, version: '1.0.0' })),
      ],
      sources: {
        'com/example/app/App.java':
          'package com.example.app; public class App { String run() { return com.example.quiver.Demo.hello() + com.example.quiver.Snap.second(); } }',
      },
    },
    endpoint,
  );

describe('Maven with mvn 3.8.7', () => {
  it('mvn deploy of a release: Unfinished files become Published with the metadata PUT; metadata and checksums are the catalog’s', async () => {
    const unauthenticated = await fetch(`${endpoint}com/example/quiver/demo-lib/maven-metadata.xml`);
    assert.equal(unauthenticated.status, 401);
    assert.match(unauthenticated.headers.get('www-authenticate') ?? '', /Basic realm=/);

    await world.mvn(
      world.project(library('1.0.0', 'public static String hello() { return "hi"; }')),
      'deploy',
      deployUrl(),
    );
    const listed = await client.send(
      new ListPackageVersionsCommand({
        domain: 'mvn',
        repository: 'releases',
        format: 'maven',
        namespace: GROUP,
        package: 'demo-lib',
      }),
    );
    assert.deepEqual(
      listed.versions!.map((v) => [v.version, v.status]),
      [['1.0.0', 'Published']],
    );
    const metadata = await metadataOf('com/example/quiver/demo-lib/maven-metadata.xml');
    assert.equal(metadata.status, 200);
    assert.deepEqual(versionsIn(metadata.text), ['1.0.0']);
    assert.match(metadata.text, /<release>1\.0\.0<\/release>/);
    assert.match(metadata.text, /<lastUpdated>\d{14}<\/lastUpdated>/);
    const sha1 = await (await get('com/example/quiver/demo-lib/maven-metadata.xml.sha1')).text();
    assert.equal(sha1, createHash('sha1').update(metadata.text).digest('hex'));

    const jar = Buffer.from(await (await get('com/example/quiver/demo-lib/1.0.0/demo-lib-1.0.0.jar')).arrayBuffer());
    for (const kind of ['md5', 'sha1', 'sha256', 'sha512']) {
      const served = await (await get(`com/example/quiver/demo-lib/1.0.0/demo-lib-1.0.0.jar.${kind}`)).text();
      assert.equal(served, createHash(kind).update(jar).digest('hex'), kind);
    }

    const described = await client.send(
      new DescribePackageVersionCommand({
        domain: 'mvn',
        repository: 'releases',
        format: 'maven',
        namespace: GROUP,
        package: 'demo-lib',
        packageVersion: '1.0.0',
      }),
    );
    assert.equal(described.packageVersion!.displayName, 'Demo library');
    assert.equal(described.packageVersion!.summary, 'A demo for Quiver');
    assert.equal(described.packageVersion!.homePage, 'https://example.test/demo');
    assert.deepEqual(described.packageVersion!.licenses, [
      { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    ]);
    const assets = await client.send(
      new ListPackageVersionAssetsCommand({
        domain: 'mvn',
        repository: 'releases',
        format: 'maven',
        namespace: GROUP,
        package: 'demo-lib',
        packageVersion: '1.0.0',
      }),
    );
    assert.deepEqual(
      assets.assets!.map((a) => a.name),
      ['demo-lib-1.0.0.jar', 'demo-lib-1.0.0.pom'],
    );
  });

  it('a SNAPSHOT deployed twice: build 2 is Published, build 1 an Unlisted build version, and a consumer compiles against the newest', async () => {
    await world.mvn(world.project(snapshotLib('public static String first() { return "1"; }')), 'deploy', deployUrl());
    await world.mvn(world.project(snapshotLib('public static String second() { return "2"; }')), 'deploy', deployUrl());
    const snapshot = await metadataOf('com/example/quiver/snap-lib/1.1.0-SNAPSHOT/maven-metadata.xml');
    assert.equal(snapshot.status, 200);
    assert.match(snapshot.text, /<buildNumber>2<\/buildNumber>/);
    const values = [...snapshot.text.matchAll(/<value>([^<]+)<\/value>/g)].map((m) => m[1]!);
    assert.equal(values.length, 2, 'one snapshotVersion each for the jar and the pom');
    assert.ok(values.every((v) => /^1\.1\.0-\d{8}\.\d{6}-2$/.test(v)));

    const versions = await client.send(
      new ListPackageVersionsCommand({
        domain: 'mvn',
        repository: 'releases',
        format: 'maven',
        namespace: GROUP,
        package: 'snap-lib',
      }),
    );
    const byStatus = Object.fromEntries(versions.versions!.map((v) => [v.version, v.status]));
    assert.equal(byStatus['1.1.0-SNAPSHOT'], 'Published');
    const builds = Object.entries(byStatus).filter(([v]) => /-\d{8}\.\d{6}-1$/.test(v));
    assert.deepEqual(
      builds.map(([, status]) => status),
      ['Unlisted'],
      'the first build is kept as an Unlisted build version',
    );
    // The first build's files still download by path.
    const first = builds[0]![0];
    assert.equal((await get(`com/example/quiver/snap-lib/1.1.0-SNAPSHOT/snap-lib-${first}.jar`)).status, 200);

    // Forget what `mvn deploy` installed locally: the consumer must take snap-lib from Quiver. It calls second(),
    // which only build 2 has.
    world.forget(GROUP);
    const output = await world.mvn(consumer('1.0.0'), 'compile');
    assert.match(output, /BUILD SUCCESS/);
    const resolved = readFileSync(
      join(world.localRepository, 'com/example/quiver/snap-lib/1.1.0-SNAPSHOT/maven-metadata-quiver.xml'),
      'utf8',
    );
    assert.match(resolved, /<buildNumber>2<\/buildNumber>/);
  });

  it('statuses as mvn and maven-metadata.xml see them: Unlisted resolves by exact version but leaves the metadata; Archived, Disposed and Unfinished do not resolve', async () => {
    await world.mvn(
      world.project(library('1.1.0', 'public static String hello() { return "hi 1.1"; }')),
      'deploy',
      deployUrl(),
    );
    await setStatus('demo-lib', ['1.0.0'], 'Unlisted');
    assert.deepEqual(versionsIn((await metadataOf('com/example/quiver/demo-lib/maven-metadata.xml')).text), ['1.1.0']);
    world.forget(GROUP);
    assert.match(
      await world.mvn(consumer('1.0.0'), 'compile'),
      /BUILD SUCCESS/,
      'an Unlisted version resolves when pinned',
    );

    // Archived, Disposed and Unfinished in one consumer run: mvn names every artifact it could not resolve.
    await setStatus('demo-lib', ['1.0.0'], 'Archived');
    assert.deepEqual(versionsIn((await metadataOf('com/example/quiver/demo-lib/maven-metadata.xml')).text), ['1.1.0']);
    assert.equal((await get('com/example/quiver/demo-lib/1.0.0/demo-lib-1.0.0.jar')).status, 404);
    assert.equal((await get('com/example/quiver/demo-lib/1.0.0/demo-lib-1.0.0.pom.sha1')).status, 404);
    await httpDeploy('disposed-lib', true);
    await client.send(
      new DisposePackageVersionsCommand({
        domain: 'mvn',
        repository: 'releases',
        format: 'maven',
        namespace: GROUP,
        package: 'disposed-lib',
        versions: ['1.0.0'],
      }),
    );
    await httpDeploy('unfinished-lib', false);
    for (const pkg of ['disposed-lib', 'unfinished-lib']) {
      assert.equal((await get(`com/example/quiver/${pkg}/maven-metadata.xml`)).status, 404, pkg);
      assert.equal((await get(`com/example/quiver/${pkg}/1.0.0/${pkg}-1.0.0.jar`)).status, 404, pkg);
    }
    world.forget(GROUP);
    const failure = await world.mvn(consumer('1.0.0', ['disposed-lib', 'unfinished-lib']), 'compile').then(
      () => 'BUILD SUCCESS',
      (error: Error) => error.message,
    );
    for (const pkg of ['demo-lib', 'disposed-lib', 'unfinished-lib'])
      assert.match(failure, new RegExp(`${pkg}:jar:1\\.0\\.0`), `${pkg} is not resolvable`);
    assert.ok(!existsSync(join(world.localRepository, 'com/example/quiver/demo-lib/1.0.0/demo-lib-1.0.0.jar')));

    await setStatus('demo-lib', ['1.0.0'], 'Published');
    assert.deepEqual(versionsIn((await metadataOf('com/example/quiver/demo-lib/maven-metadata.xml')).text), [
      '1.0.0',
      '1.1.0',
    ]);
  });
});
