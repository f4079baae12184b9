// GetAuthorizationToken needs sts:GetServiceBearerToken together with codeartifact:GetAuthorizationToken, as
// AWS documents (CodeArtifact User Guide, "AWS CodeArtifact authentication and tokens": the caller needs both
// permissions; sts:GetServiceBearerToken is on "*", with sts:AWSServiceName = codeartifact.amazonaws.com): with either alone the
// SDK call is AccessDeniedException naming the missing action; the sts:AWSServiceName and sts:DurationSeconds
// condition keys carry the request's values (DurationSeconds 43200 when the call names none).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateDomainCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { createUser } from './cli.js';

let server: RunningQuiver;
let A: string;

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
  const root = codeartifact(server.endpoint, server.credentials);
  await root.send(new CreateDomainCommand({ domain: 'tokens' }));
  root.destroy();
});
after(async () => {
  await server.stop();
});

const CODEARTIFACT = { Effect: 'Allow', Action: 'codeartifact:GetAuthorizationToken', Resource: '*' };
const sts = (Condition?: object) => ({
  Effect: 'Allow',
  Action: 'sts:GetServiceBearerToken',
  Resource: '*',
  ...(Condition ? { Condition } : {}),
});

/** GetAuthorizationToken as a fresh user with these statements: the token, or the denial's name and message. */
async function tokenAs(name: string, statements: object[], durationSeconds?: number) {
  const credentials = await createUser(server.dataDir, A, name, {
    p: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  });
  const client = codeartifact(server.endpoint, credentials);
  try {
    const out = await client.send(new GetAuthorizationTokenCommand({ domain: 'tokens', durationSeconds }));
    return { token: out.authorizationToken };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  } finally {
    client.destroy();
  }
}

describe('GetAuthorizationToken needs sts:GetServiceBearerToken too', () => {
  it('codeartifact:GetAuthorizationToken alone is denied on sts:GetServiceBearerToken', async () => {
    const { error } = await tokenAs('only-codeartifact', [CODEARTIFACT]);
    assert.equal(
      error,
      `AccessDeniedException: User: arn:aws:iam::${A}:user/only-codeartifact is not authorized to perform: sts:GetServiceBearerToken on resource: * because no identity-based policy allows the sts:GetServiceBearerToken action`,
    );
  });

  it('sts:GetServiceBearerToken alone is denied on codeartifact:GetAuthorizationToken', async () => {
    const { error } = await tokenAs('only-sts', [sts()]);
    assert.match(
      error ?? '',
      new RegExp(
        `^AccessDeniedException: .* codeartifact:GetAuthorizationToken on resource: arn:aws:codeartifact:us-east-1:${A}:domain/tokens `,
      ),
    );
  });

  it('both give a token; sts:AWSServiceName must be codeartifact.amazonaws.com', async () => {
    assert.ok((await tokenAs('both', [CODEARTIFACT, sts()])).token);
    const forCodeArtifact = sts({ StringEquals: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } });
    assert.ok((await tokenAs('service-ok', [CODEARTIFACT, forCodeArtifact])).token);
    const forOther = sts({ StringEquals: { 'sts:AWSServiceName': 'lambda.amazonaws.com' } });
    assert.match((await tokenAs('service-other', [CODEARTIFACT, forOther])).error ?? '', /sts:GetServiceBearerToken/);
  });

  it('sts:DurationSeconds is the requested duration, 43200 when none is asked', async () => {
    const short = [CODEARTIFACT, sts({ NumericLessThanEquals: { 'sts:DurationSeconds': 3600 } })];
    assert.ok((await tokenAs('short-ok', short, 900)).token);
    assert.match((await tokenAs('short-default', short)).error ?? '', /sts:GetServiceBearerToken/);
  });
});
