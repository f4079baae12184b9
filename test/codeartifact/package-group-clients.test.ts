// Package-group origin controls hold for every client path, not just the AWS API: twine upload and mvn deploy
// are refused under PUBLISH BLOCK (with normalised PyPI names, and a Maven namespace prefix), and npm installs
// through an upstream repository stop under INTERNAL_UPSTREAM BLOCK until ALLOW_SPECIFIC_REPOSITORIES lists the
// downstream repository. Real twine, mvn and npm in temporary homes.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreatePackageGroupCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionsCommand,
  ResourceNotFoundException,
  UpdatePackageGroupOriginConfigurationCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { mavenWorld, type MavenWorld } from '../helpers/maven.js';
import { npmWorld, type NpmWorld } from '../helpers/npm.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { buildWheel, pypiWorld, wheelFilename, type PypiWorld } from '../helpers/pypi.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

await requirePrerequisites('aws CLI', 'twine', 'mvn', 'npm');

const domain = 'clients';
let server: RunningQuiver;
let client: CodeartifactClient;
let pypi: PypiWorld;
let maven: MavenWorld;
let upNpm: NpmWorld;
let downNpm: NpmWorld;
let mavenEndpoint: string;

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain }));
  for (const repository of ['store', 'up']) await client.send(new CreateRepositoryCommand({ domain, repository }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'down', upstreams: [{ repositoryName: 'up' }] }));
  pypi = pypiWorld(server.endpoint, server.credentials);
  await pypi.login('twine', domain, 'store');
  mavenEndpoint = (
    await client.send(new GetRepositoryEndpointCommand({ domain, repository: 'store', format: 'maven' }))
  ).repositoryEndpoint!;
  maven = mavenWorld((await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken!);
  upNpm = npmWorld(server.endpoint, server.credentials);
  await upNpm.login(domain, 'up');
  downNpm = npmWorld(server.endpoint, server.credentials);
  await downNpm.login(domain, 'down');
});

after(async () => {
  client.destroy();
  await server.stop();
  maven?.remove();
  for (const world of [pypi, upNpm, downNpm]) rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const group = async (packageGroup: string, restrictions: Record<string, string>, allow: [string, string][] = []) => {
  await client.send(new CreatePackageGroupCommand({ domain, packageGroup }));
  await client.send(
    new UpdatePackageGroupOriginConfigurationCommand({
      domain,
      packageGroup,
      restrictions: restrictions as never,
      addAllowedRepositories: allow.map(([originRestrictionType, repositoryName]) => ({
        repositoryName,
        originRestrictionType: originRestrictionType as never,
      })),
    }),
  );
};
const versions = (repository: string, format: 'pypi' | 'maven' | 'npm', pkg: string, namespace?: string) =>
  client
    .send(new ListPackageVersionsCommand({ domain, repository, format, namespace, package: pkg }))
    .then((r) => r.versions?.map((v) => v.version))
    .catch((error: Error) => (error instanceof ResourceNotFoundException ? 'none' : Promise.reject(error)));

describe('package-group origin controls on client paths', () => {
  it('twine upload is refused under PUBLISH BLOCK on the normalised name; another package uploads', async () => {
    await group('/pypi//secret-lib$', { PUBLISH: 'BLOCK' });
    const dist = pypi.dir('dist');
    writeFileSync(join(dist, wheelFilename('Secret_Lib', '1.0.0')), buildWheel('Secret_Lib', '1.0.0'));
    await assert.rejects(
      pypi.twine('upload', '--non-interactive', '--repository', 'codeartifact', join(dist, '*')),
      (error: Error & { stdout?: string; stderr?: string }) => {
        assert.match(`${error.stdout ?? ''}${error.stderr ?? ''}`, /403/);
        return true;
      },
    );
    assert.equal(await versions('store', 'pypi', 'secret-lib'), 'none');
    const open = pypi.dir('open');
    writeFileSync(join(open, wheelFilename('open-lib', '1.0.0')), buildWheel('open-lib', '1.0.0'));
    await pypi.twine('upload', '--non-interactive', '--repository', 'codeartifact', join(open, '*'));
    assert.deepEqual(await versions('store', 'pypi', 'open-lib'), ['1.0.0']);
  });

  it('mvn deploy is refused under PUBLISH BLOCK on a namespace prefix', async () => {
    await group('/maven/com.acme.secret~', { PUBLISH: 'BLOCK' });
    const project = maven.project({
      groupId: 'com.acme.secret.core',
      artifactId: 'vault',
      version: '1.0.0',
      sources: { 'com/acme/Vault.java': 'package com.acme; public class Vault {}' },
    });
    await assert.rejects(
      maven.mvn(project, 'deploy', `-DaltDeploymentRepository=quiver::${mavenEndpoint}`),
      /403|Forbidden/,
    );
    assert.equal(await versions('store', 'maven', 'vault', 'com.acme.secret.core'), 'none');
  });

  it('INTERNAL_UPSTREAM BLOCK keeps an upstream package out of the downstream; ALLOW_SPECIFIC_REPOSITORIES lets the listed one retain it', async () => {
    await upNpm.npm(upNpm.packageDir('up-lib', '1.0.0'), 'publish');
    await group('/npm//up-lib$', { INTERNAL_UPSTREAM: 'BLOCK' });
    await assert.rejects(downNpm.npm(downNpm.projectDir('blocked'), 'install', 'up-lib@1.0.0'), /404|E404/);
    assert.equal(await versions('down', 'npm', 'up-lib'), 'none');
    await client.send(
      new UpdatePackageGroupOriginConfigurationCommand({
        domain,
        packageGroup: '/npm//up-lib$',
        restrictions: { INTERNAL_UPSTREAM: 'ALLOW_SPECIFIC_REPOSITORIES' },
        addAllowedRepositories: [{ repositoryName: 'down', originRestrictionType: 'INTERNAL_UPSTREAM' }],
      }),
    );
    await downNpm.npm(downNpm.projectDir('allowed'), 'install', 'up-lib@1.0.0');
    assert.deepEqual(await versions('down', 'npm', 'up-lib'), ['1.0.0']);
  });
});
