// IAM-style users: made with the admin CLI, signing with their own keys, allowed exactly what their attached
// identity policies allow (the README's read-only and publisher policies among them); the root keeps all.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeDomainCommand,
  DescribeRepositoryCommand,
  DisposePackageVersionsCommand,
  ListDomainsCommand,
  ListRepositoriesCommand,
  PublishPackageVersionCommand,
  UpdatePackageVersionsStatusCommand,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { codeartifact } from '../helpers/clients.js';
import { repoRoot, startQuiver, tempDir, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';
import { createUser, quiverCli, quiverOk } from './cli.js';

const run = promisify(execFile);
const READ_ONLY = readFileSync(join(repoRoot, 'docs/policies/read-only.json'), 'utf8');
const PUBLISHER = readFileSync(join(repoRoot, 'docs/policies/publisher.json'), 'utf8');

let server: RunningQuiver;
let root: ReturnType<typeof codeartifact>;
let account: string;

async function denied(promise: Promise<unknown>, action: string, user: string): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata: { httpStatusCode: number } };
    assert.equal(e.name, 'AccessDeniedException', e.message);
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.match(
      e.message,
      new RegExp(`^User: arn:aws:iam::${account}:user/${user} is not authorized to perform: ${action} on resource: `),
    );
    return e.message;
  }
  assert.fail(`${action} was allowed`);
}

const asset = Buffer.from('generic asset bytes');
const publish = (client: ReturnType<typeof codeartifact>, version: string) =>
  client.send(
    new PublishPackageVersionCommand({
      domain: 'acme',
      repository: 'main',
      format: 'generic',
      namespace: 'tools',
      package: 'hammer',
      packageVersion: version,
      assetName: 'hammer.bin',
      assetContent: asset,
      assetSHA256: createHash('sha256').update(asset).digest('hex'),
    }),
  );

before(async () => {
  server = await startQuiver();
  account = server.credentials.accountId;
  root = codeartifact(server.endpoint, server.credentials);
  await root.send(new CreateDomainCommand({ domain: 'acme' }));
  await root.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'main' }));
  await root.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'secret' }));
  await publish(root, '1.0.0');
});
after(async () => {
  await server.stop();
});

describe('users and identity policies', () => {
  let readOnly: TestCredentials;
  let publisher: TestCredentials;

  before(async () => {
    readOnly = await createUser(server.dataDir, account, 'reader', { 'read-only': READ_ONLY });
    publisher = await createUser(server.dataDir, account, 'ci-publisher', { publisher: PUBLISHER });
  });

  it('a user with no policy is denied, with AWS message naming the user, action and resource', async () => {
    const nobody = codeartifact(server.endpoint, await createUser(server.dataDir, account, 'nobody'));
    const message = await denied(
      nobody.send(new DescribeDomainCommand({ domain: 'acme' })),
      'codeartifact:DescribeDomain',
      'nobody',
    );
    assert.equal(
      message,
      `User: arn:aws:iam::${account}:user/nobody is not authorized to perform: codeartifact:DescribeDomain on resource: arn:aws:codeartifact:us-east-1:${account}:domain/acme because no identity-based policy allows the codeartifact:DescribeDomain action`,
    );
    await denied(nobody.send(new ListDomainsCommand({})), 'codeartifact:ListDomains', 'nobody');
  });

  it('the read-only policy reads but cannot create, publish, change statuses or delete', async () => {
    const client = codeartifact(server.endpoint, readOnly);
    assert.deepEqual(
      (await client.send(new ListDomainsCommand({}))).domains?.map((domain) => domain.name),
      ['acme'],
    );
    assert.equal(
      (await client.send(new DescribeRepositoryCommand({ domain: 'acme', repository: 'main' }))).repository?.name,
      'main',
    );
    await denied(client.send(new CreateDomainCommand({ domain: 'other' })), 'codeartifact:CreateDomain', 'reader');
    await denied(publish(client, '2.0.0'), 'codeartifact:PublishPackageVersion', 'reader');
    await denied(
      client.send(
        new UpdatePackageVersionsStatusCommand({
          domain: 'acme',
          repository: 'main',
          format: 'generic',
          namespace: 'tools',
          package: 'hammer',
          versions: ['1.0.0'],
          targetStatus: 'Archived',
        }),
      ),
      'codeartifact:UpdatePackageVersionsStatus',
      'reader',
    );
    await denied(
      client.send(new DeleteRepositoryCommand({ domain: 'acme', repository: 'main' })),
      'codeartifact:DeleteRepository',
      'reader',
    );
    // nothing was written: the root still sees both repositories and the one version, Published
    const repositories = await root.send(new ListRepositoriesCommand({}));
    assert.deepEqual(repositories.repositories?.map((r) => r.name).sort(), ['main', 'secret']);
  });

  it('the publisher policy publishes but cannot dispose', async () => {
    const client = codeartifact(server.endpoint, publisher);
    const published = await publish(client, '1.1.0');
    assert.equal(published.status, 'Published');
    const message = await denied(
      client.send(
        new DisposePackageVersionsCommand({
          domain: 'acme',
          repository: 'main',
          format: 'generic',
          namespace: 'tools',
          package: 'hammer',
          versions: ['1.1.0'],
        }),
      ),
      'codeartifact:DisposePackageVersions',
      'ci-publisher',
    );
    assert.match(
      message,
      new RegExp(
        `on resource: arn:aws:codeartifact:us-east-1:${account}:package/acme/main/generic/tools/hammer because`,
      ),
    );
  });

  it('an explicit Deny on one repository beats an Allow on *, and takes effect at once', async () => {
    const user = await createUser(server.dataDir, account, 'almost-all', {
      all: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'codeartifact:*', Resource: '*' }],
      }),
    });
    const client = codeartifact(server.endpoint, user);
    const secretArn = `arn:aws:codeartifact:*:${account}:repository/acme/secret`;
    assert.equal(
      (await client.send(new DescribeRepositoryCommand({ domain: 'acme', repository: 'secret' }))).repository?.name,
      'secret',
    );
    await quiverOk(
      server.dataDir,
      ['policies', 'attach', '--user', 'almost-all', '--name', 'not-secret', '--file', '-'],
      JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 'codeartifact:*', Resource: secretArn }] }),
    );
    const message = await denied(
      client.send(new DescribeRepositoryCommand({ domain: 'acme', repository: 'secret' })),
      'codeartifact:DescribeRepository',
      'almost-all',
    );
    assert.match(message, /with an explicit deny in an identity-based policy$/);
    assert.equal(
      (await client.send(new DescribeRepositoryCommand({ domain: 'acme', repository: 'main' }))).repository?.name,
      'main',
    );
    await quiverOk(server.dataDir, ['policies', 'detach', '--user', 'almost-all', '--name', 'not-secret']);
    assert.equal(
      (await client.send(new DescribeRepositoryCommand({ domain: 'acme', repository: 'secret' }))).repository?.name,
      'secret',
    );
  });

  it('the account root keeps full rights', async () => {
    assert.equal((await root.send(new DescribeDomainCommand({ domain: 'acme' }))).domain?.name, 'acme');
  });

  it('the aws CLI shows the denial', async () => {
    const home = tempDir('quiver-aws-home-');
    const result = await run(
      'aws',
      ['codeartifact', 'create-domain', '--domain', 'nope', '--endpoint-url', server.endpoint],
      {
        env: {
          ...process.env,
          HOME: home,
          AWS_ACCESS_KEY_ID: readOnly.accessKeyId,
          AWS_SECRET_ACCESS_KEY: readOnly.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
    ).then(
      () => assert.fail('create-domain was allowed'),
      (error: { stderr: string }) => error.stderr,
    );
    assert.match(result, /AccessDeniedException/);
    assert.match(
      result,
      new RegExp(`User: arn:aws:iam::${account}:user/reader is not authorized to perform: codeartifact:CreateDomain`),
    );
  });
});

describe('the admin CLI', () => {
  it('lists users with their keys and policies, and lists a user policy as JSON lines', async () => {
    await createUser(server.dataDir, account, 'listed', { 'read-only': READ_ONLY });
    const listed = await quiverOk(server.dataDir, ['users', 'list']);
    assert.match(listed, new RegExp(`listed .*arn:aws:iam::${account}:user/listed.*AKIA\\w+.*read-only`, 's'));
    const policies = (await quiverOk(server.dataDir, ['policies', 'list', '--user', 'listed'])).trim().split('\n');
    assert.equal(policies.length, 1);
    const line = JSON.parse(policies[0]!) as { policyName: string; document: unknown };
    assert.equal(line.policyName, 'read-only');
    assert.deepEqual(line.document, JSON.parse(READ_ONLY));
  });

  it('refuses a malformed or oversized policy, naming the problem, and attaches nothing', async () => {
    await quiverOk(server.dataDir, ['users', 'create', '--name', 'strict']);
    const malformed = await quiverCli(
      server.dataDir,
      ['policies', 'attach', '--user', 'strict', '--name', 'bad', '--file', '-'],
      '{"Statement":[{"Effect":"Allow","Action":"codeartifact:*"}]}',
    );
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /Statement 1 needs Resource or NotResource/);
    const statements = Array.from({ length: 120 }, (_, i) => ({
      Effect: 'Allow',
      Action: `codeartifact:Describe${i}`,
      Resource: `arn:aws:codeartifact:us-east-1:${account}:repository/acme/r${i}`,
    }));
    const oversized = await quiverCli(
      server.dataDir,
      ['policies', 'attach', '--user', 'strict', '--name', 'big', '--file', '-'],
      JSON.stringify({ Statement: statements }),
    );
    assert.equal(oversized.code, 2);
    assert.match(oversized.stderr, /characters long \(white space not counted\); the limit is 6144/);
    assert.equal((await quiverOk(server.dataDir, ['policies', 'list', '--user', 'strict'])).trim(), '');
  });

  it('deleting a user revokes its keys at once', async () => {
    const user = await createUser(server.dataDir, account, 'leaver', { 'read-only': READ_ONLY });
    const client = codeartifact(server.endpoint, user);
    await client.send(new ListDomainsCommand({}));
    await quiverOk(server.dataDir, ['users', 'delete', '--name', 'leaver']);
    await assert.rejects(
      client.send(new ListDomainsCommand({})),
      (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, 'UnrecognizedClientException');
        assert.equal(error.$metadata.httpStatusCode, 403);
        return true;
      },
    );
    assert.doesNotMatch(await quiverOk(server.dataDir, ['users', 'list']), /leaver/);
  });
});
