// Domain and repository permissions policies: Put/Get/Delete with revisions, refused when malformed, and
// evaluated as AWS does — same account: the resource policy alone may allow; across accounts: the resource
// policy and the caller's identity must both allow; never for Put*PermissionsPolicy itself.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeleteDomainPermissionsPolicyCommand,
  DeleteRepositoryPermissionsPolicyCommand,
  DescribeRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetDomainPermissionsPolicyCommand,
  GetRepositoryPermissionsPolicyCommand,
  PutDomainPermissionsPolicyCommand,
  PutRepositoryPermissionsPolicyCommand,
} from '@aws-sdk/client-codeartifact';
import { createAccessKey, createAccount } from '../../src/domain/identity/identity.js';
import { Users } from '../../src/domain/identity/users.js';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, tempDir, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';

const run = promisify(execFile);
const B = '222233334444';

let server: RunningQuiver;
let A: string;
let rootA: ReturnType<typeof codeartifact>;
let rootB: ReturnType<typeof codeartifact>;

async function userOf(account: string, name: string, policy?: object): Promise<TestCredentials> {
  const users = new Users(server.quiver.store);
  await users.create(account, name, Date.now());
  if (policy) await users.attachPolicy(account, name, 'p', JSON.stringify(policy), Date.now());
  const key = await users.createKey(account, name, Date.now());
  return { accountId: account, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

async function rejects(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata: { httpStatusCode: number } }) => {
    assert.equal(error.name, name, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

const repoArn = () => `arn:aws:codeartifact:us-east-1:${A}:repository/acme/shared`;
const describeShared = (client: ReturnType<typeof codeartifact>, owner?: string) =>
  client.send(new DescribeRepositoryCommand({ domain: 'acme', domainOwner: owner, repository: 'shared' }));
const putRepoPolicy = (statements: object[], revision?: string) =>
  rootA.send(
    new PutRepositoryPermissionsPolicyCommand({
      domain: 'acme',
      repository: 'shared',
      policyRevision: revision,
      policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    }),
  );

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
  rootA = codeartifact(server.endpoint, server.credentials);
  await createAccount(server.quiver.store, 'team-b', Date.now(), B);
  const keyB = await createAccessKey(server.quiver.store, B, Date.now());
  rootB = codeartifact(server.endpoint, keyB);
  await rootA.send(new CreateDomainCommand({ domain: 'acme' }));
  await rootA.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'shared' }));
  await rootA.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'private' }));
});
after(async () => {
  await server.stop();
});

describe('Put/Get/Delete permissions policies', () => {
  it('keeps a revision, and policyRevision makes updates and deletes conditional', async () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: B }, Action: 'codeartifact:GetAuthorizationToken', Resource: '*' },
      ],
    });
    const put = await rootA.send(new PutDomainPermissionsPolicyCommand({ domain: 'acme', policyDocument: document }));
    assert.equal(put.policy?.resourceArn, `arn:aws:codeartifact:us-east-1:${A}:domain/acme`);
    assert.equal(put.policy?.document, document);
    assert.ok(put.policy?.revision);
    const got = await rootA.send(new GetDomainPermissionsPolicyCommand({ domain: 'acme' }));
    assert.deepEqual(got.policy, put.policy);

    await rejects(
      rootA.send(
        new PutDomainPermissionsPolicyCommand({ domain: 'acme', policyDocument: document, policyRevision: 'stale' }),
      ),
      'ConflictException',
      /revision stale does not match/,
    );
    const again = await rootA.send(
      new PutDomainPermissionsPolicyCommand({
        domain: 'acme',
        policyDocument: document,
        policyRevision: put.policy!.revision,
      }),
    );
    assert.notEqual(again.policy?.revision, put.policy?.revision);
    await rejects(
      rootA.send(new DeleteDomainPermissionsPolicyCommand({ domain: 'acme', policyRevision: put.policy!.revision })),
      'ConflictException',
    );
    const deleted = await rootA.send(
      new DeleteDomainPermissionsPolicyCommand({ domain: 'acme', policyRevision: again.policy!.revision }),
    );
    assert.equal(deleted.policy?.revision, again.policy?.revision);
    await rejects(rootA.send(new GetDomainPermissionsPolicyCommand({ domain: 'acme' })), 'ResourceNotFoundException');
    await rejects(
      rootA.send(new GetRepositoryPermissionsPolicyCommand({ domain: 'acme', repository: 'nope' })),
      'ResourceNotFoundException',
      /Repository not found/,
    );
  });

  it('refuses a malformed or oversized document with a 400 naming the problem', async () => {
    const put = (policyDocument: string) =>
      rootA.send(new PutRepositoryPermissionsPolicyCommand({ domain: 'acme', repository: 'shared', policyDocument }));
    await rejects(put('{"Statement": ['), 'ValidationException', /not valid JSON/);
    await rejects(
      put(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'codeartifact:*', Resource: '*' }] })),
      'ValidationException',
      /Statement 1 needs Principal or NotPrincipal/,
    );
    const big = JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'codeartifact:*', Resource: 'x'.repeat(7200) }],
    });
    await rejects(put(big), 'ValidationException', /policyDocument.*length less than or equal to 7168/);
    await rejects(
      rootA.send(new GetRepositoryPermissionsPolicyCommand({ domain: 'acme', repository: 'shared' })),
      'ResourceNotFoundException',
    );
  });
});

describe('evaluation', () => {
  it("account B reads account A's repository only while A's repository policy allows it", async () => {
    const reader = await userOf(B, 'b-reader', {
      Statement: [
        { Effect: 'Allow', Action: ['codeartifact:Describe*', 'codeartifact:ReadFromRepository'], Resource: '*' },
      ],
    });
    const nobody = await userOf(B, 'b-nobody');
    const bReader = codeartifact(server.endpoint, reader);
    const bNobody = codeartifact(server.endpoint, nobody);

    await rejects(
      describeShared(rootB, A),
      'AccessDeniedException',
      /because no resource-based policy allows the codeartifact:DescribeRepository action$/,
    );
    await rejects(describeShared(bReader, A), 'AccessDeniedException');

    const { policy } = await putRepoPolicy([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: ['codeartifact:DescribeRepository', 'codeartifact:ReadFromRepository'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': B } },
      },
    ]);
    assert.equal((await describeShared(rootB, A)).repository?.arn, repoArn());
    assert.equal((await describeShared(bReader, A)).repository?.domainOwner, A);
    // both must allow: B's user without an identity policy stays out
    await rejects(describeShared(bNobody, A), 'AccessDeniedException', /because no identity-based policy allows/);
    // the policy covers only this repository
    await rejects(
      rootB.send(new DescribeRepositoryCommand({ domain: 'acme', domainOwner: A, repository: 'private' })),
      'AccessDeniedException',
    );

    await rootA.send(
      new DeleteRepositoryPermissionsPolicyCommand({
        domain: 'acme',
        repository: 'shared',
        policyRevision: policy!.revision,
      }),
    );
    await rejects(describeShared(rootB, A), 'AccessDeniedException');
    await rejects(describeShared(bReader, A), 'AccessDeniedException');
  });

  it('in one account, a repository policy naming the user suffices; naming only the account defers to IAM', async () => {
    const user = await userOf(A, 'a-plain');
    const client = codeartifact(server.endpoint, user);
    await rejects(describeShared(client), 'AccessDeniedException');
    await putRepoPolicy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'codeartifact:*' }]);
    await rejects(describeShared(client), 'AccessDeniedException');
    await putRepoPolicy([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/a-plain` }, Action: 'codeartifact:*' },
    ]);
    assert.equal((await describeShared(client)).repository?.name, 'shared');
    // ... but never for Put*PermissionsPolicy, which only identity policies decide
    await rejects(
      client.send(
        new PutRepositoryPermissionsPolicyCommand({
          domain: 'acme',
          repository: 'shared',
          policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] }),
        }),
      ),
      'AccessDeniedException',
      /codeartifact:PutRepositoryPermissionsPolicy .* because no identity-based policy allows/,
    );
  });

  it('an explicit Deny in a resource policy binds even the root, except for replacing the policy', async () => {
    await putRepoPolicy([{ Effect: 'Deny', Principal: '*', Action: 'codeartifact:*' }]);
    await rejects(describeShared(rootA), 'AccessDeniedException', /with an explicit deny in a resource-based policy$/);
    await putRepoPolicy([{ Effect: 'Allow', Principal: { AWS: B }, Action: 'codeartifact:DescribeRepository' }]);
    assert.equal((await describeShared(rootA)).repository?.name, 'shared');
  });

  it('a cross-account token needs the domain policy to allow GetAuthorizationToken', async () => {
    const token = () => rootB.send(new GetAuthorizationTokenCommand({ domain: 'acme', domainOwner: A }));
    await rejects(
      token(),
      'AccessDeniedException',
      /codeartifact:GetAuthorizationToken on resource: arn:aws:codeartifact:us-east-1:\d+:domain\/acme/,
    );
    await rootA.send(
      new PutDomainPermissionsPolicyCommand({
        domain: 'acme',
        policyDocument: JSON.stringify({
          Statement: [
            { Effect: 'Allow', Principal: { AWS: B }, Action: 'codeartifact:GetAuthorizationToken', Resource: '*' },
          ],
        }),
      }),
    );
    assert.ok((await token()).authorizationToken);
  });

  it('the aws CLI reads a policy back', async () => {
    const { stdout } = await run(
      'aws',
      [
        'codeartifact',
        'get-repository-permissions-policy',
        '--domain',
        'acme',
        '--repository',
        'shared',
        '--endpoint-url',
        server.endpoint,
      ],
      {
        env: {
          ...process.env,
          HOME: tempDir('quiver-aws-home-'),
          AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
    );
    const { policy } = JSON.parse(stdout) as { policy: { resourceArn: string; document: string } };
    assert.equal(policy.resourceArn, repoArn());
    assert.match(policy.document, /DescribeRepository/);
  });
});
