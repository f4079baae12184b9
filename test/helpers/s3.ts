// A real S3 API on loopback for tests: moto_server (QUIVER_TEST_S3_ENDPOINT when CI started one, else one
// started here for this test process), and a fresh bucket per test server.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from './ports.js';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3ClientFor } from '../../src/blobs/s3-blob-store.js';

export const S3_KEYS = { accessKeyId: 'quiver-test', secretAccessKey: 'quiver-test-secret' };
let started: Promise<string> | undefined;
let moto: ChildProcess | undefined;

export function s3Endpoint(): Promise<string> {
  if (process.env.QUIVER_TEST_S3_ENDPOINT) return Promise.resolve(process.env.QUIVER_TEST_S3_ENDPOINT);
  started ??= (async () => {
    const port = await freePort();
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    moto.unref();
    process.once('exit', () => moto?.kill());
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(endpoint)).ok) return endpoint;
      } catch {
        /* not up yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('moto_server did not start');
  })();
  return started;
}

export function s3Client(endpoint: string): S3Client {
  return s3ClientFor({ endpoint, region: 'us-east-1', credentials: S3_KEYS });
}

export async function createTestBucket(): Promise<{ endpoint: string; bucket: string }> {
  const endpoint = await s3Endpoint();
  const bucket = `quiver-test-${randomBytes(6).toString('hex')}`;
  const client = s3Client(endpoint);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return { endpoint, bucket };
}
