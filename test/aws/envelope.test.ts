// The wire envelope every client relies on: x-amzn-RequestId everywhere, x-amzn-ErrorType plus the
// model's status on every error, 400s (never 500s) for malformed input, 404 for unknown operations,
// tamper-evident page tokens, throttling with Retry-After.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateDomainCommand, ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { codeartifact, signedFetch } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;

before(async () => {
  server = await startQuiver();
  const client = codeartifact(server.endpoint, server.credentials);
  for (const domain of ['env-a', 'env-b', 'env-c']) await client.send(new CreateDomainCommand({ domain }));
  client.destroy();
});
after(async () => {
  await server.stop();
});

function assertError(response: { status: number; headers: Headers; json: any }, status: number, type: string): void {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.headers.get('x-amzn-errortype'), type);
  assert.equal(response.json.__type, type);
  assert.equal(typeof response.json.message, 'string');
  assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
}

describe('wire envelope', () => {
  it('every success carries x-amzn-RequestId and JSON', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, { path: '/v1/domains', body: '{}' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.ok(Array.isArray(response.json.domains));
    assert.equal(typeof response.json.domains[0].createdTime, 'number', 'timestamps are epoch seconds');
    assert.equal('s3BucketArn' in response.json.domains[0], false, 'absent members are omitted, not null');
  });

  it('malformed JSON is a 400 ValidationException, not a 500', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domains',
      body: '{"maxResults": ',
    });
    assertError(response, 400, 'ValidationException');
    assert.equal(response.json.reason, 'CANNOT_PARSE');
  });

  it('wrong JSON types are 400s naming the member', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domains',
      body: '{"maxResults": "ten"}',
    });
    assertError(response, 400, 'ValidationException');
    assert.match(response.json.message, /at 'maxResults'/);
    const nested = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domain',
      query: { domain: 'typed' },
      body: '{"tags": [{"key": 5, "value": "x"}]}',
    });
    assertError(nested, 400, 'ValidationException');
    assert.match(nested.json.message, /at 'tags\.1\.member\.key'/);
    const notObject = await signedFetch(server.endpoint, server.credentials, { path: '/v1/domains', body: '[1,2]' });
    assertError(notObject, 400, 'ValidationException');
  });

  it('an unknown enum value is a 400 listing the allowed values', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      method: 'GET',
      path: '/v1/repository/endpoint',
      query: { domain: 'env-a', repository: 'r1', format: 'tarball' },
    });
    assertError(response, 400, 'ValidationException');
    assert.match(
      response.json.message,
      /Value 'tarball' at 'format' failed to satisfy constraint: Member must satisfy enum value set: \[npm, pypi/,
    );
  });

  it('a non-numeric querystring integer is a 400 naming the wire name', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/repositories',
      query: { 'max-results': 'lots' },
    });
    assertError(response, 400, 'ValidationException');
    assert.match(response.json.message, /at 'max-results'/);
  });

  it('an unknown operation is 404 UnknownOperationException', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, { path: '/v1/no-such-thing' });
    assertError(response, 404, 'UnknownOperationException');
    const wrongService = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domains',
      service: 'dynamodb',
    });
    assertError(wrongService, 404, 'UnknownOperationException');
  });

  it('a forged, altered or foreign next-token is a 400 ValidationException', async () => {
    const first = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domains',
      body: '{"maxResults": 1}',
    });
    const token: string = first.json.nextToken;
    assert.ok(token);
    const second = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domains',
      body: JSON.stringify({ maxResults: 1, nextToken: token }),
    });
    assert.equal(second.status, 200);
    assert.notEqual(second.json.domains[0].name, first.json.domains[0].name);

    const [version, payload, mac] = token.split('.');
    const altered = `${version}.${Buffer.from(JSON.stringify('env-z')).toString('base64url')}.${mac}`;
    for (const bad of [altered, 'garbage', `${version}.${payload}.AAAA`]) {
      const response = await signedFetch(server.endpoint, server.credentials, {
        path: '/v1/domains',
        body: JSON.stringify({ nextToken: bad }),
      });
      assertError(response, 400, 'ValidationException');
      assert.match(response.json.message, /nextToken/);
    }
    // A ListDomains token is not a ListRepositories token.
    const foreign = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/repositories',
      query: { 'next-token': token },
    });
    assertError(foreign, 400, 'ValidationException');
  });
});

describe('throttling', () => {
  it('over the configured rate → 429 ThrottlingException with Retry-After', async () => {
    const throttled = await startQuiver({ QUIVER_THROTTLE_RPS: '1', QUIVER_THROTTLE_BURST: '2' });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof signedFetch>> | undefined;
      for (let i = 0; i < 4; i++) {
        last = await signedFetch(throttled.endpoint, throttled.credentials, { path: '/v1/domains', body: '{}' });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses.slice(0, 2), [200, 200]);
      assert.equal(statuses[3], 429);
      assertError(last!, 429, 'ThrottlingException');
      assert.ok(Number(last!.headers.get('retry-after')) >= 1);
      const client = codeartifact(throttled.endpoint, throttled.credentials);
      await assert.rejects(
        client.send(new ListDomainsCommand({})),
        (error: Error) => error.name === 'ThrottlingException',
      );
      client.destroy();
    } finally {
      await throttled.stop();
    }
  });
});
