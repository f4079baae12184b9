// QA H1: a request whose signature cannot be good (malformed Authorization, unknown key, bad presigned query)
// gets its 403 before its body is read, and the server keeps none of it. Measured on a child-process server,
// whose peak RSS (VmHWM) is what an attacker could pin.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';

const BODY_BYTES = 16 * 1024 * 1024 - 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 'a');

let server: QuiverProcess;
before(async () => {
  server = await spawnQuiver(tempDir());
});
after(async () => {
  await stopProcess(server.child);
});

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * Sends the headers, then the body a megabyte at a time (all but its last byte), until the server answers or
 * closes. Resolves with the status line and how many body bytes had been handed to the socket by then.
 */
function sendUnauthenticated(head: string): Promise<{ status: number; bytesSent: number }> {
  const { port, hostname } = new URL(server.endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let bytesSent = 0;
    let status = 0;
    const finish = () => {
      socket.destroy();
      resolve({ status, bytesSent });
    };
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (match && status === 0) status = Number(match[1]);
      if (/\r\n\r\n/.test(answer)) finish();
    });
    socket.on('error', () => (status ? finish() : resolve({ status, bytesSent })));
    socket.on('close', () => resolve({ status, bytesSent }));
    socket.once('connect', () => {
      socket.write(`${head}\r\nHost: ${hostname}:${port}\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`);
      const pump = () => {
        while (!socket.destroyed && status === 0 && bytesSent < BODY_BYTES - 1) {
          const size = Math.min(CHUNK.length, BODY_BYTES - 1 - bytesSent);
          bytesSent += size;
          if (!socket.write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size))) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    setTimeout(() => reject(new Error('no answer within 60 s')), 60_000).unref();
  });
}

describe('unauthenticated bodies are never buffered (QA H1)', () => {
  it('each forged form is a 403 before the body is read', async () => {
    const forms = [
      'POST /v1/domain?domain=x HTTP/1.1\r\nAuthorization: x',
      'POST /v1/domain?domain=x HTTP/1.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAXXXXXXXXXXXXXXXX/20261201/us-east-1/codeartifact/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\nX-Amz-Date: ' +
        `${new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}Z$/, 'Z')}`,
      'POST /v1/domain?domain=x&X-Amz-Algorithm=x HTTP/1.1',
    ];
    for (const head of forms) {
      const { status, bytesSent } = await sendUnauthenticated(head);
      assert.equal(status, 403, head);
      // The answer came while most of the body was still unsent: the server did not wait for it.
      assert.ok(bytesSent < BODY_BYTES / 2, `${head}: ${bytesSent} bytes sent before the 403`);
    }
  });

  it('100 connections with `Authorization: x` and 16 MiB bodies leave the peak RSS under 200 MB', async () => {
    const before = memoryOf(server.child.pid!);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => sendUnauthenticated('POST /v1/domain?domain=x HTTP/1.1\r\nAuthorization: x')),
    );
    const afterwards = memoryOf(server.child.pid!);
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([403]));
    console.log(
      `server RSS before ${before.rssMb.toFixed(0)} MB, after ${afterwards.rssMb.toFixed(0)} MB, peak ${afterwards.peakMb.toFixed(0)} MB`,
    );
    assert.ok(afterwards.peakMb < 200, `peak RSS ${afterwards.peakMb} MB`);
  });
});
