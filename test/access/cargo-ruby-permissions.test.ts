// Cargo and RubyGems requests are authorized as the other formats': a yank is a status change
// (UpdatePackageVersionsStatus, as gem yank and NuGet unlist), so docs/policies/publisher.json — which grants
// PublishPackageVersion and PutPackageMetadata — publishes but cannot `cargo yank`; and a push from a principal
// that may not even read the repository is refused before its body is read or parsed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
import { buildCrateFile, publishFrame, publishMetadata } from '../helpers/cargo.js';
import { codeartifact } from '../helpers/clients.js';
import { repoRoot, startQuiver, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';
import { createUser } from './cli.js';

const PUBLISHER = readFileSync(join(repoRoot, 'docs/policies/publisher.json'), 'utf8');
// A user whose only grant is the token: no action on any repository.
const TOKEN_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'codeartifact:GetAuthorizationToken', Resource: '*' },
    { Effect: 'Allow', Action: 'sts:GetServiceBearerToken', Resource: '*' },
  ],
});

let server: RunningQuiver;
let root: CodeartifactClient;
let publisher: TestCredentials;
let stranger: TestCredentials;

before(async () => {
  server = await startQuiver();
  const A = server.credentials.accountId;
  root = codeartifact(server.endpoint, server.credentials);
  await root.send(new CreateDomainCommand({ domain: 'perm' }));
  await root.send(new CreateRepositoryCommand({ domain: 'perm', repository: 'store' }));
  publisher = await createUser(server.dataDir, A, 'publisher', { publisher: PUBLISHER });
  stranger = await createUser(server.dataDir, A, 'stranger', { 'token-only': TOKEN_ONLY });
});
after(async () => {
  root.destroy();
  await server.stop();
});

async function tokenOf(credentials: TestCredentials): Promise<string> {
  const client = codeartifact(server.endpoint, credentials);
  try {
    return (await client.send(new GetAuthorizationTokenCommand({ domain: 'perm' }))).authorizationToken!;
  } finally {
    client.destroy();
  }
}

async function endpointOf(format: 'cargo' | 'ruby'): Promise<string> {
  return (await root.send(new GetRepositoryEndpointCommand({ domain: 'perm', repository: 'store', format })))
    .repositoryEndpoint!;
}

const statusesOf = async (format: 'cargo' | 'ruby', pkg: string) =>
  (
    await root.send(new ListPackageVersionsCommand({ domain: 'perm', repository: 'store', format, package: pkg }))
  ).versions!.map((v) => `${v.version} ${v.status}`);

describe('cargo and gem requests need the action AWS maps them to', () => {
  it('a publisher publishes a crate but cannot yank it (UpdatePackageVersionsStatus), as for gem yank', async () => {
    const cargo = await endpointOf('cargo');
    const token = await tokenOf(publisher);
    const crate = await buildCrateFile('held', '1.0.0');
    const published = await fetch(`${cargo}api/v1/crates/new`, {
      method: 'PUT',
      headers: { authorization: token },
      body: new Uint8Array(publishFrame(publishMetadata('held', '1.0.0'), crate)),
    });
    assert.equal(published.status, 200, await published.text());
    const yank = await fetch(`${cargo}api/v1/crates/held/1.0.0/yank`, {
      method: 'DELETE',
      headers: { authorization: token },
    });
    assert.equal(yank.status, 403);
    assert.match(await yank.text(), /UpdatePackageVersionsStatus/);
    assert.deepEqual(await statusesOf('cargo', 'held'), ['1.0.0 Published']);

    const ruby = await endpointOf('ruby');
    const gemYank = await fetch(`${ruby}api/v1/gems/yank`, {
      method: 'DELETE',
      headers: { authorization: token, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'gem_name=held&version=1.0.0',
    });
    assert.equal(gemYank.status, 403);
  });

  it('a push from a principal with no permission on the repository is refused before its body is parsed', async () => {
    const token = await tokenOf(stranger);
    // Bodies that would be a 400 if they were read: the refusal comes first, whatever they hold.
    const crate = await fetch(`${await endpointOf('cargo')}api/v1/crates/new`, {
      method: 'PUT',
      headers: { authorization: token },
      body: 'not a publish frame',
    });
    assert.equal(crate.status, 403, await crate.text());
    const gem = await fetch(`${await endpointOf('ruby')}api/v1/gems`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/octet-stream' },
      body: 'not a gem',
    });
    assert.equal(gem.status, 403, await gem.text());
  });
});
