// The maven2 layout over plain HTTP, the PUT sequence mvn deploy sends (formats.md §2.3) without a JVM per
// request: 16 concurrent deploys of one artifact, checksums, the Unfinished → Published lifecycle, bad input,
// and the AWS API's view of a Maven package (dependencies, copy, dispose, delete).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CopyPackageVersionsCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
  GetRepositoryEndpointCommand,
  ListPackagesCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
let client: CodeartifactClient;
let endpoint: string;
let token: string;

before(async () => {
  server = await startQuiver({ QUIVER_MAVEN_MAX_UPLOAD_MB: '1' });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'mvn' }));
  await client.send(new CreateRepositoryCommand({ domain: 'mvn', repository: 'libs' }));
  await client.send(new CreateRepositoryCommand({ domain: 'mvn', repository: 'copies' }));
  endpoint = (
    await client.send(new GetRepositoryEndpointCommand({ domain: 'mvn', repository: 'libs', format: 'maven' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'mvn' }))).authorizationToken!;
});
after(async () => {
  client.destroy();
  await server.stop();
});

const headers = () => ({ authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` });
const put = (path: string, body: string | Buffer, base = endpoint) =>
  fetch(`${base}${path}`, {
    method: 'PUT',
    headers: headers(),
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
const get = (path: string, base = endpoint) => fetch(`${base}${path}`, { headers: headers() });
const sha1 = (bytes: string | Buffer) => createHash('sha1').update(bytes).digest('hex');
const versionsIn = (xml: string) => [...xml.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]);

const pom = (g: string, a: string, v: string, extra = '') =>
  `<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>` +
  `<groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version>${extra}</project>`;
const gaMetadata = (g: string, a: string, versions: string[]) =>
  `<?xml version="1.0"?><metadata><groupId>${g}</groupId><artifactId>${a}</artifactId><versioning>` +
  `<release>${versions[versions.length - 1]}</release><versions>${versions.map((v) => `<version>${v}</version>`).join('')}</versions>` +
  '<lastUpdated>20261201000000</lastUpdated></versioning></metadata>';

/** What mvn deploy sends for a release, in its order: pom (+ .sha1), jar (+ .sha1), GET metadata, PUT metadata. */
async function deploy(g: string, a: string, v: string, extra = '', base = endpoint) {
  const dir = `${g.replace(/\./g, '/')}/${a}`;
  const pomText = pom(g, a, v, extra);
  const jar = Buffer.from(`jar bytes of ${g}:${a}:${v}`);
  for (const [name, bytes] of [
    [`${a}-${v}.pom`, Buffer.from(pomText)],
    [`${a}-${v}.jar`, jar],
  ] as const) {
    assert.equal((await put(`${dir}/${v}/${name}`, bytes, base)).status, 201, name);
    assert.equal((await put(`${dir}/${v}/${name}.sha1`, sha1(bytes), base)).status, 201, `${name}.sha1`);
  }
  const current = await get(`${dir}/maven-metadata.xml`, base);
  // Each client writes back what it read plus its own version: racing clients lose each other's (the peers' bug).
  const known = current.status === 200 ? versionsIn(await current.text()) : [];
  const mine = gaMetadata(g, a, [...known.filter((x): x is string => x !== undefined), v]);
  assert.equal((await put(`${dir}/maven-metadata.xml`, mine, base)).status, 201);
  assert.equal((await put(`${dir}/maven-metadata.xml.sha1`, sha1(mine), base)).status, 201);
}

const listVersions = (pkg: string, namespace = 'org.race', repository = 'libs') =>
  client.send(new ListPackageVersionsCommand({ domain: 'mvn', repository, format: 'maven', namespace, package: pkg }));

describe('the maven2 layout over HTTP', () => {
  it('16 concurrent deploys of different versions: all 16 in maven-metadata.xml, whose .sha1 matches its bytes', async () => {
    const versions = Array.from({ length: 16 }, (_, i) => `2.${i}.0`);
    await Promise.all(versions.map((v) => deploy('org.race', 'racer', v)));
    const response = await get('org/race/racer/maven-metadata.xml');
    assert.equal(response.status, 200);
    const xml = await response.text();
    assert.deepEqual(
      versionsIn(xml),
      Array.from({ length: 16 }, (_, i) => `2.${i}.0`),
      'every version, in Maven order (2.10.0 after 2.9.0)',
    );
    assert.match(xml, /<latest>2\.15\.0<\/latest>/);
    assert.match(xml, /<release>2\.15\.0<\/release>/);
    assert.equal(await (await get('org/race/racer/maven-metadata.xml.sha1')).text(), sha1(xml));
    const md5 = await (await get('org/race/racer/maven-metadata.xml.md5')).text();
    assert.equal(md5, createHash('md5').update(xml).digest('hex'));
    const listed = await listVersions('racer');
    assert.equal(listed.versions!.filter((v) => v.status === 'Published').length, 16);
    const head = await fetch(`${endpoint}org/race/racer/2.3.0/racer-2.3.0.jar`, { method: 'HEAD', headers: headers() });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String('jar bytes of org.race:racer:2.3.0'.length));
  });

  it('Unfinished until its metadata: files 404 and the version is not listed; checksums are checked against the stored bytes', async () => {
    const dir = 'org/life/cycle/1.0';
    const pomText = pom('org.life', 'cycle', '1.0');
    assert.equal((await put(`${dir}/cycle-1.0.jar.sha1`, sha1('x'))).status, 404, 'a checksum before its file');
    assert.equal((await put(`${dir}/cycle-1.0.pom`, pomText)).status, 201);
    assert.equal(
      (await put(`${dir}/cycle-1.0.pom.sha256`, createHash('sha256').update(pomText).digest('hex'))).status,
      201,
    );
    assert.equal(
      (await put(`${dir}/cycle-1.0.pom.sha1`, sha1(pomText).toUpperCase())).status,
      400,
      'lowercase hex only',
    );
    const versions = await listVersions('cycle', 'org.life');
    assert.deepEqual(
      versions.versions!.map((v) => [v.version, v.status]),
      [['1.0', 'Unfinished']],
    );
    assert.equal((await get(`${dir}/cycle-1.0.pom`)).status, 404, 'an Unfinished file does not download');
    assert.equal((await get('org/life/cycle/maven-metadata.xml')).status, 404, 'nothing listed yet');
    // A version with a mismatched checksum stays Unfinished: its metadata PUT is refused.
    const refused = await put('org/life/cycle/maven-metadata.xml', gaMetadata('org.life', 'cycle', ['1.0']));
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /cycle-1\.0\.pom/);
    assert.equal((await listVersions('cycle', 'org.life')).versions![0]!.status, 'Unfinished');
  });

  it('bad input is a clear 4xx and stores nothing', async () => {
    const cases: [string, string | Buffer, number, RegExp][] = [
      ['just-a-file.jar', 'x', 400, /not a maven2 repository path/],
      ['org/bad/thing/1.0/other-1.0.jar', 'x', 400, /named thing-1\.0/],
      ['org/bad/thing/1.0-SNAPSHOT/thing-1.0-SNAPSHOT.jar', 'x', 400, /unique snapshots only/],
      ['org/bad/th%3Cing/1.0/th%3Cing-1.0.jar', 'x', 400, /holds one of/],
      ['org/bad/thing/1.0/thing-1.0.pom', '<project><groupId>org.bad', 400, /not well-formed/],
      ['org/bad/thing/1.0/thing-1.0.pom', pom('org.other', 'thing', '1.0'), 400, /groupId is org\.other/],
      ['org/bad/thing/1.0/thing-1.0.pom', pom('org.bad', 'thing', '2.0'), 400, /version is 2\.0/],
      ['org/bad/thing/1.0/thing-1.0.jar', Buffer.alloc(1024 * 1024 + 1), 413, /larger than/],
      ['org/bad/thing/maven-metadata.xml', '<metadata><groupId>org.bad', 400, /not well-formed/],
      ['org/bad/thing/maven-metadata.xml', gaMetadata('org.other', 'thing', ['1.0']), 400, /groupId org\.other/],
      // Well-formed, but refused by fast-xml-parser while parsing (it throws plain Errors): still a 400.
      ['org/bad/thing/1.0/thing-1.0.pom', '<project><constructor>x</constructor></project>', 400, /cannot be read/],
      ['org/bad/thing/maven-metadata.xml', '<metadata><constructor>x</constructor></metadata>', 400, /cannot be read/],
    ];
    for (const [path, body, status, message] of cases) {
      const response = await put(path, body);
      assert.equal(response.status, status, path);
      assert.match(await response.text(), message, path);
    }
    const packages = await client.send(
      new ListPackagesCommand({ domain: 'mvn', repository: 'libs', namespace: 'org.bad' }),
    );
    assert.deepEqual(packages.packages, []);
    const wrongMethod = await fetch(`${endpoint}org/race/racer/2.0.0/racer-2.0.0.jar`, {
      method: 'DELETE',
      headers: headers(),
    });
    assert.equal(wrongMethod.status, 405);
  });

  it('the AWS API: POM dependencies with scope, assets, copy, dispose and delete, each shown on the layout', async () => {
    const dependencies =
      '<dependencies><dependency><groupId>org.race</groupId><artifactId>racer</artifactId><version>[2.0,3.0)</version></dependency>' +
      '<dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency></dependencies>';
    await deploy('org.api', 'app', '1.0.0', dependencies);
    await deploy('org.api', 'app', '1.1.0');
    const coordinates = { domain: 'mvn', format: 'maven' as const, namespace: 'org.api', package: 'app' };
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({ ...coordinates, repository: 'libs', packageVersion: '1.0.0' }),
    );
    assert.deepEqual(
      deps.dependencies!.map((d) => [d.namespace, d.package, d.dependencyType, d.versionRequirement]),
      [
        ['org.race', 'racer', 'compile', '[2.0,3.0)'],
        ['junit', 'junit', 'test', '4.13.2'],
      ],
    );
    const asset = await client.send(
      new GetPackageVersionAssetCommand({
        ...coordinates,
        repository: 'libs',
        packageVersion: '1.0.0',
        asset: 'app-1.0.0.jar',
      }),
    );
    assert.equal(await asset.asset!.transformToString(), 'jar bytes of org.api:app:1.0.0');

    const copied = await client.send(
      new CopyPackageVersionsCommand({
        ...coordinates,
        sourceRepository: 'libs',
        destinationRepository: 'copies',
        versions: ['1.0.0'],
      }),
    );
    assert.deepEqual(Object.keys(copied.successfulVersions ?? {}), ['1.0.0']);
    const copies = endpoint.replace(/\/libs\/$/, '/copies/');
    assert.deepEqual(versionsIn(await (await get('org/api/app/maven-metadata.xml', copies)).text()), ['1.0.0']);
    assert.equal((await get('org/api/app/1.0.0/app-1.0.0.jar', copies)).status, 200);

    await client.send(new DisposePackageVersionsCommand({ ...coordinates, repository: 'libs', versions: ['1.0.0'] }));
    assert.equal((await get('org/api/app/1.0.0/app-1.0.0.jar')).status, 404, 'a Disposed file 404s');
    assert.deepEqual(versionsIn(await (await get('org/api/app/maven-metadata.xml')).text()), ['1.1.0']);
    await client.send(new DeletePackageVersionsCommand({ ...coordinates, repository: 'libs', versions: ['1.1.0'] }));
    assert.equal((await get('org/api/app/maven-metadata.xml')).status, 404, 'no listed version left');
    assert.equal((await get('org/api/app/1.0.0/app-1.0.0.jar', copies)).status, 200, 'the copy is untouched');
  });
});
