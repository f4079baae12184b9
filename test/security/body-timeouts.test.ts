// QA H2: a request body is bounded in time. A body that stalls or drips is cut off at the body idle timeout, a
// body that keeps trickling at the request timeout; a large upload at normal speed is not affected. The
// timeouts are set small through the environment, as an operator would.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact, signedHead } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
before(async () => {
  server = await startQuiver({ QUIVER_BODY_IDLE_TIMEOUT_MS: '1000', QUIVER_REQUEST_TIMEOUT_MS: '4000' });
  const client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'slow' }));
  await client.send(new CreateRepositoryCommand({ domain: 'slow', repository: 'r1' }));
});
after(async () => {
  await server.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a connection, writes the head and the first body bytes, then drips one byte every `dripMs`. */
function drip(
  head: string,
  first: string,
  dripMs: number,
): { socket: Socket; closed: Promise<{ afterMs: number; answer: string; dripped: number }> } {
  const { port, hostname } = new URL(server.endpoint);
  const socket = connect(Number(port), hostname);
  let answer = '';
  let dripped = 0;
  const started = Date.now();
  socket.on('data', (data) => {
    answer += data.toString();
  });
  socket.on('error', () => undefined);
  socket.write(`${head}${first}`);
  const timer = setInterval(() => {
    if (!socket.destroyed) {
      socket.write('x');
      dripped++;
    }
  }, dripMs);
  const closed = new Promise<{ afterMs: number; answer: string; dripped: number }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: Date.now() - started, answer, dripped });
    }),
  );
  return { socket, closed };
}

function head(target: string, headers: Record<string, string>, length: number): string {
  const lines = Object.entries(headers)
    .filter(([name]) => name.toLowerCase() !== 'content-length')
    .map(([name, value]) => `${name}: ${value}`);
  return `POST ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\ncontent-length: ${length}\r\n\r\n`;
}

describe('request bodies are bounded in time (QA H2)', () => {
  it('a signed body that drips one byte every 5 s is cut off at the body idle timeout', async () => {
    const body = JSON.stringify({ tags: [] }).padEnd(100, ' ');
    const { target, headers } = await signedHead(server.endpoint, server.credentials, {
      method: 'POST',
      path: '/v1/domain',
      query: { domain: 'dripped' },
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    const { closed } = drip(head(target, headers, 100), body.slice(0, 10), 5000);
    const { afterMs, dripped } = await closed;
    assert.equal(dripped, 0, 'the connection outlived a 5 s pause');
    assert.ok(afterMs < 4000, `closed after ${afterMs} ms`);
  });

  it('an unauthenticated body that stalls gets its 403 and then its connection closed', async () => {
    const { closed } = drip(
      `POST /v1/domains HTTP/1.1\r\nHost: x\r\nAuthorization: x\r\nContent-Length: 100\r\n\r\n`,
      '0123456789',
      5000,
    );
    const { afterMs, answer, dripped } = await closed;
    assert.match(answer, /^HTTP\/1\.1 403/);
    assert.equal(dripped, 0);
    assert.ok(afterMs < 4000, `closed after ${afterMs} ms`);
  });

  it('an npm publish body that stalls is cut off too', async () => {
    const client = codeartifact(server.endpoint, server.credentials);
    const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain: 'slow' }));
    const path = `/slow-${server.credentials.accountId}/npm/r1/stalled`;
    const { closed } = drip(
      `PUT ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${authorizationToken}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
      '{"name":',
      5000,
    );
    const { afterMs, dripped } = await closed;
    assert.equal(dripped, 0);
    assert.ok(afterMs < 4000, `closed after ${afterMs} ms`);
  });

  it('a body that keeps trickling (never idle) is cut off at the request timeout', async () => {
    const body = JSON.stringify({ tags: [] }).padEnd(1000, ' ');
    const { target, headers } = await signedHead(server.endpoint, server.credentials, {
      method: 'POST',
      path: '/v1/domain',
      query: { domain: 'trickled' },
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    const { closed } = drip(head(target, headers, 1000), body.slice(0, 10), 300);
    const { afterMs, dripped } = await closed;
    assert.ok(dripped > 5, `only ${dripped} bytes dripped`);
    assert.ok(afterMs >= 3500 && afterMs < 8000, `closed after ${afterMs} ms`);
  });

  it('a 48 MiB upload at normal speed is not affected, and the connection is reusable afterwards', async () => {
    // Its own server: the 1 s idle bound, but the default request bound (a loaded machine may take over 4 s).
    const uploads = await startQuiver({ QUIVER_BODY_IDLE_TIMEOUT_MS: '1000' });
    after(() => uploads.stop());
    const client = codeartifact(uploads.endpoint, uploads.credentials);
    await client.send(new CreateDomainCommand({ domain: 'slow' }));
    await client.send(new CreateRepositoryCommand({ domain: 'slow', repository: 'r1' }));
    const asset = Buffer.alloc(48 * 1024 * 1024, 7);
    const published = await client.send(
      new PublishPackageVersionCommand({
        domain: 'slow',
        repository: 'r1',
        format: 'generic',
        namespace: 'ns',
        package: 'big',
        packageVersion: '1.0.0',
        assetName: 'big.bin',
        assetContent: asset,
        assetSHA256: createHash('sha256').update(asset).digest('hex'),
      }),
    );
    assert.equal(published.asset?.size, asset.length);
    await sleep(1500); // longer than the body idle timeout: an idle keep-alive connection is not a stalled body
    const again = await client.send(new GetAuthorizationTokenCommand({ domain: 'slow' }));
    assert.ok(again.authorizationToken);
  });
});
