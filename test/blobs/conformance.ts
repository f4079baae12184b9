// The BlobStore contract's conformance suite, run against every backend (files today; S3 later).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { BlobDigestMismatch, type BlobStore } from '../../src/blobs/blobs.js';

export interface BlobStoreFactory {
  name: string;
  open(): Promise<BlobStore>;
  cleanup(): Promise<void>;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function blobStoreConformance(factory: BlobStoreFactory): void {
  describe(`BlobStore conformance: ${factory.name}`, () => {
    let blobs: BlobStore;
    before(async () => {
      blobs = await factory.open();
    });
    after(async () => {
      await factory.cleanup();
    });

    it('stores by sha256 and returns the same bytes', async () => {
      const data = Buffer.from('hello quiver');
      const put = await blobs.put(data);
      assert.deepEqual(put, {
        sha256: sha256(data),
        size: data.length,
        md5: createHash('md5').update(data).digest('hex'),
        sha1: createHash('sha1').update(data).digest('hex'),
        sha512: createHash('sha512').update(data).digest('hex'),
      });
      assert.ok(await blobs.has(put.sha256));
      assert.deepEqual(await readAll((await blobs.get(put.sha256))!), data);
    });

    it('streams a 5 MiB body from many chunks', async () => {
      const chunks = Array.from({ length: 80 }, (_, i) => Buffer.alloc(64 * 1024, i));
      const whole = Buffer.concat(chunks);
      const put = await blobs.put(Readable.from(chunks), sha256(whole));
      assert.equal(put.size, whole.length);
      assert.ok((await readAll((await blobs.get(put.sha256))!)).equals(whole));
    });

    it('a wrong expected sha256 stores nothing and leaves nothing behind', async () => {
      const data = Buffer.from('not what you think');
      await assert.rejects(blobs.put(data, '0'.repeat(64)), BlobDigestMismatch);
      assert.equal(await blobs.has(sha256(data)), false);
      assert.deepEqual(await blobs.leftovers(), []);
    });

    it('a stream that fails midway stores nothing and leaves nothing behind', async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await assert.rejects(blobs.put(failing), /client went away/);
      assert.deepEqual(await blobs.leftovers(), []);
    });

    it('streams a 20 MiB body in several parts (multipart where the backend has it)', async () => {
      const chunk = Buffer.alloc(1024 * 1024);
      const chunks = Array.from({ length: 20 }, (_, i) => Buffer.from(chunk.fill(i)));
      const whole = Buffer.concat(chunks);
      const put = await blobs.put(Readable.from(chunks), sha256(whole));
      assert.equal(put.size, 20 * 1024 * 1024);
      assert.equal(sha256(await readAll((await blobs.get(put.sha256))!)), put.sha256);
      assert.deepEqual(await blobs.leftovers(), []);
    });

    it('delete removes the bytes; unknown digests are absent', async () => {
      const put = await blobs.put(Buffer.from('to be disposed'));
      assert.equal(await blobs.delete(put.sha256), true);
      assert.equal(await blobs.has(put.sha256), false);
      assert.equal(await blobs.get(put.sha256), undefined);
      assert.equal(await blobs.delete(put.sha256), false);
    });

    it('the same content put twice concurrently is one blob', async () => {
      const data = Buffer.from('twice');
      const [a, b] = await Promise.all([blobs.put(data), blobs.put(data)]);
      assert.equal(a.sha256, b.sha256);
      assert.ok(await blobs.has(a.sha256));
    });
  });
}
