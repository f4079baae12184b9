// QA L7: errors the HTTP layer raises before a route runs come in the protocol's own format (x-amzn-ErrorType and
// __type for AWS paths, {"error"} for registry paths), never Fastify's {"code":"FST_ERR_…"}.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { signedFetch } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
before(async () => {
  server = await startQuiver();
});
after(async () => {
  await server.stop();
});

function rawExchange(bytes: string): Promise<string> {
  const { port, hostname } = new URL(server.endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (data) => {
      answer += data.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
    socket.write(bytes);
  });
}

describe('HTTP-layer errors in the AWS error format (QA L7)', () => {
  it('a signed request with a 5,000-character Content-Type is answered by the engine, not a Fastify 415', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      method: 'POST',
      path: '/v1/package/versions/update_status',
      query: { domain: 'nope', repository: 'r1', format: 'generic', namespace: 'n', package: 'p' },
      headers: { 'content-type': 'x'.repeat(5000) },
      body: '{"targetStatus":"Archived","versions":["1.0"]}',
    });
    assert.notEqual(response.status, 415, response.text);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ResourceNotFoundException', response.text);
    assert.doesNotMatch(response.text, /FST_ERR/);
  });

  it('a bad percent-escape in the path is a ValidationException after authentication', async () => {
    const response = await signedFetch(server.endpoint, server.credentials, {
      method: 'GET',
      path: '/packages/%FF/versions',
      service: 'iot',
    });
    assert.equal(response.status, 400, response.text);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.match(response.json.message, /not valid percent-encoding/);
    const unsigned = await fetch(`${server.endpoint}/packages/%FF/versions`);
    assert.equal(unsigned.status, 403);
  });

  it('a header section over 16 KiB is a 431 with x-amzn-ErrorType and __type', async () => {
    const answer = await rawExchange(`GET /v1/domains HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 431 /);
    assert.match(answer, /x-amzn-ErrorType: RequestHeaderSectionTooLarge/i);
    assert.match(answer, /"__type":"RequestHeaderSectionTooLarge"/);
  });

  it('a bad escape on an npm path is the registry error format', async () => {
    const response = await fetch(`${server.endpoint}/qa-${server.credentials.accountId}/npm/r1/%FF`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error?: string };
    assert.match(body.error ?? '', /percent-encoding/);
  });
});
