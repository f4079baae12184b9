// SigV4: the four 403 error types, the 15-minute clock bound, the payload hash, presigned URLs — and a
// rejected request reads and writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateDomainCommand, ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { codeartifact, rawFetch, signedFetch } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;

before(async () => {
  server = await startQuiver();
});
after(async () => {
  await server.stop();
});

async function domainCount(): Promise<number> {
  const client = codeartifact(server.endpoint, server.credentials);
  try {
    return (await client.send(new ListDomainsCommand({}))).domains?.length ?? 0;
  } finally {
    client.destroy();
  }
}

/** Now in SigV4's basic format (20261201T181500Z). */
function amzDate(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function assertDenied(response: { status: number; headers: Headers; json: any }, type: string, message?: RegExp): void {
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('x-amzn-errortype'), type);
  assert.equal(response.json.__type, type);
  assert.ok(response.headers.get('x-amzn-requestid'), 'x-amzn-RequestId is set');
  if (message) assert.match(response.json.message, message);
}

describe('SigV4 verification', () => {
  it('accepts the real SDK, and a request signed here by hand', async () => {
    const ok = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domain',
      query: { domain: 'signed-by-hand' },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.domain.name, 'signed-by-hand');
  });

  it('wrong secret → 403 InvalidSignatureException, and nothing is written', async () => {
    const before = await domainCount();
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domain',
      query: { domain: 'bad-secret' },
      secretAccessKey: 'x'.repeat(40),
    });
    assertDenied(response, 'InvalidSignatureException', /signature we calculated does not match/);
    assert.equal(await domainCount(), before);
  });

  it('unknown access key → 403 UnrecognizedClientException', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domain',
      query: { domain: 'bad-key' },
      accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
    });
    assertDenied(response, 'UnrecognizedClientException', /security token included in the request is invalid/);
  });

  it('no auth → 403 MissingAuthenticationTokenException, and nothing is read', async () => {
    const response = await rawFetch(server.endpoint, 'POST', '/v1/domains');
    assertDenied(response, 'MissingAuthenticationTokenException');
    assert.equal(response.json.domains, undefined);
  });

  it('a malformed Authorization header → 403 IncompleteSignatureException', async () => {
    const response = await rawFetch(
      server.endpoint,
      'POST',
      '/v1/domains',
      {},
      {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20250101/us-east-1/codeartifact/aws4_request',
        'x-amz-date': '20250101T000000Z',
      },
    );
    assertDenied(response, 'IncompleteSignatureException', /SignedHeaders/);
  });

  it('a SignedHeaders entry named after an Object member is a missing header (403), not a 500', async () => {
    for (const name of ['constructor', '__proto__']) {
      const response = await rawFetch(
        server.endpoint,
        'POST',
        '/v1/domains',
        {},
        {
          authorization: `AWS4-HMAC-SHA256 Credential=${server.credentials.accessKeyId}/${amzDate().slice(0, 8)}/us-east-1/codeartifact/aws4_request, SignedHeaders=${name};host;x-amz-date, Signature=${'0'.repeat(64)}`,
          'x-amz-date': amzDate(),
        },
      );
      assertDenied(response, 'InvalidSignatureException', new RegExp(`Signed header '${name}' is missing`));
    }
  });

  it('a header repeating Credential is routed by the Credential its signature is checked against', async () => {
    const url = new URL(server.endpoint);
    const signer = new SignatureV4({
      credentials: server.credentials,
      region: 'us-east-1',
      service: 'codeartifact',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/v1/domains',
        headers: { host: url.host, 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    // An IoT Credential ahead of the signed CodeArtifact one: the signature is checked for the last Credential, so
    // the request must be routed as that service's too (it was routed by the first, as IoT, and answered 404).
    const iotScope = `Credential=${server.credentials.accessKeyId}/${amzDate().slice(0, 8)}/us-east-1/iot/aws4_request`;
    const headers = {
      ...signed.headers,
      authorization: String(signed.headers.authorization).replace(
        'AWS4-HMAC-SHA256 ',
        `AWS4-HMAC-SHA256 ${iotScope}, `,
      ),
    };
    const response = await rawFetch(server.endpoint, 'POST', '/v1/domains', {}, headers, '{}');
    assert.equal(response.status, 200, JSON.stringify(response.json));
    assert.ok(Array.isArray(response.json.domains));
  });

  it('a request signed 20 minutes ago → 403 "Signature expired", and nothing is written', async () => {
    const before = await domainCount();
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domain',
      query: { domain: 'too-old' },
      signingDate: new Date(Date.now() - 20 * 60 * 1000),
    });
    assertDenied(response, 'InvalidSignatureException', /Signature expired/);
    assert.equal(await domainCount(), before);
    const early = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domain',
      query: { domain: 'too-new' },
      signingDate: new Date(Date.now() + 20 * 60 * 1000),
    });
    assertDenied(early, 'InvalidSignatureException', /not yet current/);
  });

  it('14 minutes of skew is still accepted', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      path: '/v1/domain',
      query: { domain: 'skewed' },
      signingDate: new Date(Date.now() - 14 * 60 * 1000),
    });
    assert.equal(response.status, 200, response.text);
  });

  it('the body is covered: altering it after signing is rejected', async () => {
    const url = new URL(server.endpoint);
    const signer = new SignatureV4({
      credentials: server.credentials,
      region: 'us-east-1',
      service: 'codeartifact',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/v1/repository',
        query: { domain: 'skewed', repository: 'r' },
        headers: { host: url.host, 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'signed' }),
      }),
    );
    const response = await rawFetch(
      server.endpoint,
      'PUT',
      '/v1/repository',
      { domain: 'skewed', repository: 'r' },
      signed.headers,
      JSON.stringify({ description: 'tampered' }),
    );
    assertDenied(response, 'InvalidSignatureException');
  });

  it('presigned URLs work until they expire', async () => {
    const url = new URL(server.endpoint);
    const signer = new SignatureV4({
      credentials: server.credentials,
      region: 'us-east-1',
      service: 'codeartifact',
      sha256: Hash.bind(null, 'sha256'),
    });
    const request = new HttpRequest({
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/v1/domain',
      query: { domain: 'skewed' },
      headers: { host: url.host },
    });
    const fresh = await signer.presign(request, { expiresIn: 300 });
    const ok = await rawFetch(server.endpoint, 'GET', '/v1/domain', fresh.query as Record<string, string>);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.domain.name, 'skewed');

    const stale = await signer.presign(request, { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    assertDenied(
      await rawFetch(server.endpoint, 'GET', '/v1/domain', stale.query as Record<string, string>),
      'InvalidSignatureException',
      /expired/,
    );

    const forged = { ...(fresh.query as Record<string, string>), domain: 'other' };
    assertDenied(await rawFetch(server.endpoint, 'GET', '/v1/domain', forged), 'InvalidSignatureException');
  });

  it('the SDK with a wrong secret gets the typed exception', async () => {
    const client = codeartifact(server.endpoint, { ...server.credentials, secretAccessKey: 'wrong'.repeat(8) });
    try {
      await assert.rejects(
        client.send(new CreateDomainCommand({ domain: 'sdk-wrong' })),
        (error: Error) => error.name === 'InvalidSignatureException',
      );
    } finally {
      client.destroy();
    }
  });
});
