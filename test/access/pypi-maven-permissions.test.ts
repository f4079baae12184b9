// pip, twine and mvn with a user's token: `aws codeartifact login` with a read-only user's key gives a token
// that pip installs with but twine cannot upload with (403, nothing stored), and whose `mvn deploy` fails the
// same way; a publisher's token uploads and deploys. The denials are in `quiver audit` under the user's ARN,
// with the action AWS maps them to (PublishPackageVersion on the package).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { mavenWorld } from '../helpers/maven.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { buildWheel, pypiWorld, wheelFilename, type PypiWorld } from '../helpers/pypi.js';
import { repoRoot, startQuiver, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';
import { createUser, quiverOk } from './cli.js';

await requirePrerequisites('aws CLI', 'pip', 'twine', 'mvn');

const READ_ONLY = readFileSync(join(repoRoot, 'docs/policies/read-only.json'), 'utf8');
const PUBLISHER = readFileSync(join(repoRoot, 'docs/policies/publisher.json'), 'utf8');

let server: RunningQuiver;
let A: string;
let root: CodeartifactClient;
let reader: TestCredentials;
let publisher: TestCredentials;
const worlds: PypiWorld[] = [];

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
  root = codeartifact(server.endpoint, server.credentials);
  await root.send(new CreateDomainCommand({ domain: 'py' }));
  await root.send(new CreateRepositoryCommand({ domain: 'py', repository: 'store' }));
  reader = await createUser(server.dataDir, A, 'reader', { 'read-only': READ_ONLY });
  publisher = await createUser(server.dataDir, A, 'publisher', { publisher: PUBLISHER });
});
after(async () => {
  root.destroy();
  await server.stop();
  for (const world of worlds) rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const world = (credentials: TestCredentials) => {
  const made = pypiWorld(server.endpoint, credentials);
  worlds.push(made);
  return made;
};

async function upload(as: PypiWorld, name: string, version: string): Promise<string> {
  await as.login('twine', 'py', 'store');
  const dist = as.dir('dist');
  writeFileSync(join(dist, wheelFilename(name, version)), buildWheel(name, version));
  return as.twine('upload', '--non-interactive', '--repository', 'codeartifact', join(dist, '*'));
}

const versionsOf = async (format: 'pypi' | 'maven', pkg: string, namespace?: string) =>
  (
    await root.send(
      new ListPackageVersionsCommand({ domain: 'py', repository: 'store', format, namespace, package: pkg }),
    )
  )
    .versions!.map((v) => v.version)
    .sort();

const deniedFor = async (user: string) =>
  (await quiverOk(server.dataDir, ['audit', '--principal', `arn:aws:iam::${A}:user/${user}`, '--outcome', 'denied']))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { action: string; resource: string });

describe('pip, twine and mvn with user tokens', () => {
  it("a read-only user's token installs with pip but twine upload is refused with 403; a publisher's uploads", async () => {
    await upload(world(publisher), 'demo-ro', '1.0.0');
    assert.deepEqual(await versionsOf('pypi', 'demo-ro'), ['1.0.0']);

    const readerWorld = world(reader);
    await readerWorld.login('pip', 'py', 'store');
    const site = readerWorld.dir('site');
    await readerWorld.pip(readerWorld.loggedInIndexUrl(), 'install', '--target', site, 'demo-ro');
    assert.match(readFileSync(join(site, 'demo_ro/__init__.py'), 'utf8'), /"1\.0\.0"/);

    const refused = await upload(readerWorld, 'demo-ro', '1.1.0').then(
      () => assert.fail('twine upload with a read-only token succeeded'),
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    assert.match(refused, /403/);
    assert.deepEqual(await versionsOf('pypi', 'demo-ro'), ['1.0.0'], 'nothing was stored');
    assert.deepEqual(
      (await deniedFor('reader')).map((line) => [line.action, line.resource]),
      [['codeartifact:PublishPackageVersion', `arn:aws:codeartifact:us-east-1:${A}:package/py/store/pypi//demo-ro`]],
    );

    await upload(world(publisher), 'demo-ro', '1.1.0');
    assert.deepEqual(await versionsOf('pypi', 'demo-ro'), ['1.0.0', '1.1.0']);
  });

  it("a read-only user's mvn deploy fails with 403 and stores nothing; a publisher's deploys", async () => {
    const endpoint = (
      await root.send(new GetRepositoryEndpointCommand({ domain: 'py', repository: 'store', format: 'maven' }))
    ).repositoryEndpoint!;
    const tokenOf = async (credentials: TestCredentials) => {
      const client = codeartifact(server.endpoint, credentials);
      const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'py' }))).authorizationToken!;
      client.destroy();
      return token;
    };
    const project = {
      groupId: 'com.example.access',
      artifactId: 'guarded',
      version: '1.0.0',
      sources: { 'com/example/access/Guarded.java': 'package com.example.access; public class Guarded {}' },
    };
    const deploy = async (token: string) => {
      const maven = mavenWorld(token);
      try {
        return await maven.mvn(maven.project(project), 'deploy', `-DaltDeploymentRepository=quiver::${endpoint}`);
      } finally {
        maven.remove();
      }
    };

    const failed = await deploy(await tokenOf(reader)).then(
      () => assert.fail('mvn deploy with a read-only token succeeded'),
      (error: Error) => error.message,
    );
    assert.match(failed, /403/);
    assert.deepEqual(await versionsOf('maven', 'guarded', 'com.example.access').catch(() => []), []);
    assert.ok(
      (await deniedFor('reader')).some(
        (line) =>
          line.action === 'codeartifact:PublishPackageVersion' &&
          line.resource === `arn:aws:codeartifact:us-east-1:${A}:package/py/store/maven/com.example.access/guarded`,
      ),
    );

    await deploy(await tokenOf(publisher));
    assert.deepEqual(await versionsOf('maven', 'guarded', 'com.example.access'), ['1.0.0']);
  });
});
