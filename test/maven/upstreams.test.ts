// Maven through upstream repositories and `public:maven-central`, the external repository being a second Quiver
// (QUIVER_MAVEN_CENTRAL_URL with the token in its userinfo): metadata from the whole search order, files
// retained on first use and kept after the source loses them, origin controls, and the substitution guard.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  PutPackageOriginConfigurationCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let central: RunningQuiver;
let quiver: RunningQuiver;
let centralClient: CodeartifactClient;
let client: CodeartifactClient;
let centralUrl: string;
let centralToken: string;
let teamUrl: string;
let token: string;

const basic = (t: string) => ({ authorization: `Basic ${Buffer.from(`aws:${t}`).toString('base64')}` });
const pom = (g: string, a: string, v: string) =>
  `<project><modelVersion>4.0.0</modelVersion><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version>` +
  '<description>from central</description></project>';

/** Deploys a release with the PUTs mvn sends (files, then the metadata that publishes them). */
async function deploy(base: string, t: string, g: string, a: string, v: string) {
  const dir = `${base}${g.replace(/\./g, '/')}/${a}`;
  for (const [name, body] of [
    [`${a}-${v}.pom`, pom(g, a, v)],
    [`${a}-${v}.jar`, `jar of ${a} ${v}`],
  ]) {
    const response = await fetch(`${dir}/${v}/${name}`, { method: 'PUT', headers: basic(t), body });
    assert.equal(response.status, 201, await response.text());
  }
  const metadata = `<metadata><groupId>${g}</groupId><artifactId>${a}</artifactId><versioning><versions><version>${v}</version></versions></versioning></metadata>`;
  assert.equal(
    (await fetch(`${dir}/maven-metadata.xml`, { method: 'PUT', headers: basic(t), body: metadata })).status,
    201,
  );
}

before(async () => {
  central = await startQuiver();
  centralClient = codeartifact(central.endpoint, central.credentials);
  await centralClient.send(new CreateDomainCommand({ domain: 'central' }));
  await centralClient.send(new CreateRepositoryCommand({ domain: 'central', repository: 'maven2' }));
  centralUrl = (
    await centralClient.send(
      new GetRepositoryEndpointCommand({ domain: 'central', repository: 'maven2', format: 'maven' }),
    )
  ).repositoryEndpoint!;
  centralToken = (await centralClient.send(new GetAuthorizationTokenCommand({ domain: 'central' })))
    .authorizationToken!;
  for (const v of ['1.0.0', '1.1.0']) await deploy(centralUrl, centralToken, 'org.public', 'lib', v);
  await deploy(centralUrl, centralToken, 'org.public', 'blocked', '1.0.0');

  const url = new URL(centralUrl);
  url.username = 'aws';
  url.password = centralToken;
  quiver = await startQuiver({ QUIVER_MAVEN_CENTRAL_URL: url.toString() });
  client = codeartifact(quiver.endpoint, quiver.credentials);
  await client.send(new CreateDomainCommand({ domain: 'corp' }));
  await client.send(new CreateRepositoryCommand({ domain: 'corp', repository: 'proxy' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain: 'corp',
      repository: 'proxy',
      externalConnection: 'public:maven-central',
    }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain: 'corp', repository: 'team', upstreams: [{ repositoryName: 'proxy' }] }),
  );
  teamUrl = (
    await client.send(new GetRepositoryEndpointCommand({ domain: 'corp', repository: 'team', format: 'maven' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'corp' }))).authorizationToken!;
});
after(async () => {
  client.destroy();
  centralClient.destroy();
  await quiver.stop();
  await central.stop();
});

const get = (path: string) => fetch(`${teamUrl}${path}`, { headers: basic(token) });
const versionsIn = (xml: string) => [...xml.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]);

describe('Maven upstreams and public:maven-central', () => {
  it('metadata lists the external versions; a jar is ingested on first use into team and proxy, and stays after the source loses it', async () => {
    const metadata = await get('org/public/lib/maven-metadata.xml');
    assert.equal(metadata.status, 200);
    const xml = await metadata.text();
    assert.deepEqual(versionsIn(xml), ['1.0.0', '1.1.0']);
    assert.equal(
      await (await get('org/public/lib/maven-metadata.xml.sha1')).text(),
      createHash('sha1').update(xml).digest('hex'),
    );

    const jar = await get('org/public/lib/1.0.0/lib-1.0.0.jar');
    assert.equal(jar.status, 200);
    assert.equal(await jar.text(), 'jar of lib 1.0.0');
    for (const repository of ['team', 'proxy']) {
      const listed = await client.send(
        new ListPackageVersionsCommand({
          domain: 'corp',
          repository,
          format: 'maven',
          namespace: 'org.public',
          package: 'lib',
        }),
      );
      assert.deepEqual(
        listed.versions!.map((v) => [v.version, v.status, v.origin?.originType]),
        [['1.0.0', 'Published', 'EXTERNAL']],
        repository,
      );
    }
    await centralClient.send(
      new DeletePackageVersionsCommand({
        domain: 'central',
        repository: 'maven2',
        format: 'maven',
        namespace: 'org.public',
        package: 'lib',
        versions: ['1.0.0'],
      }),
    );
    assert.equal(await (await get('org/public/lib/1.0.0/lib-1.0.0.jar')).text(), 'jar of lib 1.0.0', 'retained');
    assert.equal((await get('org/public/lib/1.0.0/lib-1.0.0.jar.sha1')).status, 200);
    const pomFile = await get('org/public/lib/1.0.0/lib-1.0.0.pom');
    assert.equal(pomFile.status, 200);
  });

  it('origin controls: upstream=BLOCK in team hides the external package; publishing a version Maven Central has is a 409', async () => {
    await client.send(
      new PutPackageOriginConfigurationCommand({
        domain: 'corp',
        repository: 'team',
        format: 'maven',
        namespace: 'org.public',
        package: 'blocked',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      }),
    );
    assert.equal((await get('org/public/blocked/1.0.0/blocked-1.0.0.jar')).status, 404);
    assert.equal((await get('org/public/blocked/maven-metadata.xml')).status, 404);

    const substitution = await fetch(`${teamUrl}org/public/lib/1.1.0/lib-1.1.0.jar`, {
      method: 'PUT',
      headers: basic(token),
      body: 'not the real one',
    });
    assert.equal(substitution.status, 409);
    assert.match(await substitution.text(), /upstream=BLOCK/);
  });
});
