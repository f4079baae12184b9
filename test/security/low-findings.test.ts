// The QA report's low findings, each as its repro: L5 (token with trailing parts), L6 (page token and the
// canonical domain owner), L8 (status=Deleted), L9 (Date header, hour 25), L10 (region), and the generic asset
// name rules of the CodeArtifact guide.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { codeartifact, rawFetch, signedFetch } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
let client: ReturnType<typeof codeartifact>;
before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'qa' }));
  await client.send(new CreateRepositoryCommand({ domain: 'qa', repository: 'r1' }));
});
after(async () => {
  await server.stop();
});

const publish = (version: string, assetName = 'a.bin') => {
  const asset = Buffer.from(`${version}/${assetName}`);
  return client.send(
    new PublishPackageVersionCommand({
      domain: 'qa',
      repository: 'r1',
      format: 'generic',
      namespace: 'ns1',
      package: 'gpkg',
      packageVersion: version,
      assetName,
      assetContent: asset,
      assetSHA256: createHash('sha256').update(asset).digest('hex'),
    }),
  );
};

describe('QA low findings', () => {
  it('L5: an npm token with trailing parts is a 401', async () => {
    const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain: 'qa' }));
    const url = `${server.endpoint}/qa-${server.credentials.accountId}/npm/r1/-/whoami`;
    const good = await fetch(url, { headers: { authorization: `Bearer ${authorizationToken}` } });
    assert.equal(good.status, 200);
    const tampered = await fetch(url, { headers: { authorization: `Bearer ${authorizationToken}.anything-here` } });
    assert.equal(tampered.status, 401);
  });

  it('L6: a page token issued without domain-owner serves the same request naming the caller as owner, and back', async () => {
    for (const v of ['1.0.0', '1.1.0', '1.2.0']) await publish(v);
    const base = {
      domain: 'qa',
      repository: 'r1',
      format: 'generic' as const,
      namespace: 'ns1',
      package: 'gpkg',
      maxResults: 1,
    };
    const first = await client.send(new ListPackageVersionsCommand(base));
    const second = await client.send(
      new ListPackageVersionsCommand({
        ...base,
        domainOwner: server.credentials.accountId,
        nextToken: first.nextToken,
      }),
    );
    assert.equal(second.versions?.length, 1);
    const third = await client.send(new ListPackageVersionsCommand({ ...base, nextToken: second.nextToken }));
    assert.equal(third.versions?.length, 1);
    assert.equal(new Set([first, second, third].map((page) => page.versions![0]!.version)).size, 3);
  });

  it('L8: status=Deleted is a 400 ValidationException', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/package/versions',
      query: {
        domain: 'qa',
        repository: 'r1',
        format: 'generic',
        namespace: 'ns1',
        package: 'gpkg',
        status: 'Deleted',
      },
    });
    assert.equal(response.status, 400, response.text);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.match(response.json.message, /at 'status'/);
  });

  it('L9: a request dated only by its Date header is told what is missing; hour 25 is malformed', async () => {
    const url = new URL(server.endpoint);
    const signer = new SignatureV4({
      credentials: server.credentials,
      region: 'us-east-1',
      service: 'codeartifact',
      sha256: Hash.bind(null, 'sha256'),
    });
    const now = new Date();
    const request = new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/v1/domains',
      headers: { host: url.host, date: now.toUTCString(), 'content-type': 'application/json' },
      body: '{}',
    });
    const signed = await signer.sign(request, {
      signingDate: new Date(Math.floor(now.getTime() / 1000) * 1000),
      unsignableHeaders: new Set(['x-amz-date']),
    });
    const headers: Record<string, string> = { ...signed.headers, date: now.toUTCString() };
    delete headers['x-amz-date'];
    // fetch() drops a Date header (a forbidden header name in the Fetch standard): plain node:http sends it.
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(
        { host: url.hostname, port: url.port, method: 'POST', path: '/v1/domains', headers },
        (answer) => {
          let text = '';
          answer.on('data', (chunk) => (text += chunk));
          answer.on('end', () => {
            assert.match(text, /a Date header alone is not supported/);
            resolve(answer.statusCode ?? 0);
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end('{}');
    });
    assert.equal(status, 403);

    const hour25 = await signedFetch(server.endpoint, server.credentials, { path: '/v1/domains', body: '{}' }).then(
      () =>
        rawFetch(
          server.endpoint,
          'POST',
          '/v1/domains',
          {},
          {
            authorization: `AWS4-HMAC-SHA256 Credential=${server.credentials.accessKeyId}/20261201/us-east-1/codeartifact/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
            'x-amz-date': '20261201T250000Z',
          },
        ),
    );
    assert.equal(hour25.status, 403);
    assert.match(hour25.json.message, /ISO-8601 'basic format'/);
  });

  it('L10: a region that is not region-shaped is refused', async () => {
    for (const region of ['x'.repeat(200), 'local', 'US-EAST-1']) {
      const response = await signedFetch(server.endpoint, server.credentials, {
        path: '/v1/domains',
        body: '{}',
        region,
      });
      assert.equal(response.status, 403, region);
      assert.match(response.json.message, /valid region/);
    }
    const fine = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domains',
      body: '{}',
      region: 'us-gov-west-1',
    });
    assert.equal(fine.status, 200);
  });

  it("generic asset names: no '/', not '.' or '..', only the guide's characters — a ValidationException naming asset", async () => {
    for (const name of [
      '../../../../etc/passwd',
      'a/../../b',
      'blobs/../quiver.sqlite',
      '/etc/passwd',
      'a\\b',
      'a$b',
      'a  b',
      '..',
    ]) {
      await assert.rejects(publish('2.0.0', name), (error: Error & { name: string }) => {
        assert.equal(error.name, 'ValidationException', name);
        assert.match(error.message, /at 'asset'/, name);
        return true;
      });
    }
    for (const [i, name] of ['CON', 'my file (1).zip', 'é.tgz', 'v1.0[beta];x,y{z}~!@^&+'].entries())
      await publish(`3.${i}.0`, name);
  });
});
