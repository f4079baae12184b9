// The BlobStore contract's conformance suite, run against every backend (files today; S3 later).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { BlobDigestMismatch, type BlobStore, type StoredBlob } from '../../src/blobs/blobs.js';

export interface BlobStoreFactory {
  name: string;
  open(): Promise<BlobStore>;
  cleanup(): Promise<void>;
  /** Leaves a temporary upload behind, as a put whose process died would. */
  plantLeftover(): Promise<void>;
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

    it('lists blobs with size and last-modified time, narrowed by a digest prefix', async () => {
      const started = Date.now();
      const puts = await Promise.all(
        Array.from({ length: 12 }, (_, i) => blobs.put(Buffer.from(`listed blob ${i} ${started}`))),
      );
      const listed = new Map<string, StoredBlob>();
      for await (const blob of blobs.list()) listed.set(blob.sha256, blob);
      for (const put of puts) {
        const blob = listed.get(put.sha256);
        assert.ok(blob, `${put.sha256} listed`);
        assert.equal(blob.size, put.size);
        // S3 keeps seconds: allow for the truncation, and for a clock that is not this machine's.
        assert.ok(Math.abs(blob.lastModified - started) < 60_000, `last modified ${new Date(blob.lastModified)}`);
      }
      const target = puts[0]!.sha256;
      for (const length of [1, 2, 3, 4, 5, 64]) {
        const prefix = target.slice(0, length);
        const narrowed: string[] = [];
        for await (const blob of blobs.list(prefix)) narrowed.push(blob.sha256);
        assert.ok(narrowed.includes(target), `prefix ${prefix} lists ${target}`);
        assert.ok(
          narrowed.every((sha) => sha.startsWith(prefix)),
          `prefix ${prefix} lists only matching digests`,
        );
        assert.deepEqual(
          narrowed.sort(),
          [...listed.keys()].filter((sha) => sha.startsWith(prefix)).sort(),
          `prefix ${prefix} lists all matching digests`,
        );
      }
      const none: string[] = [];
      for await (const blob of blobs.list('0'.repeat(64))) none.push(blob.sha256);
      assert.deepEqual(none, []);
      await assert.rejects(async () => {
        for await (const _ of blobs.list('../x')) break;
      }, /not a digest prefix/);
    });

    it('a leftover upload is listed with its time and can be removed', async () => {
      const started = Date.now();
      await factory.plantLeftover();
      const leftovers = await blobs.leftovers();
      assert.equal(leftovers.length, 1);
      assert.ok(Math.abs(leftovers[0]!.lastModified - started) < 60_000);
      await blobs.removeLeftover(leftovers[0]!.name);
      assert.deepEqual(await blobs.leftovers(), []);
      await assert.rejects(blobs.removeLeftover('../../sha256'), /not a temporary/);
    });

    it('the same content put twice concurrently is one blob', async () => {
      const data = Buffer.from('twice');
      const [a, b] = await Promise.all([blobs.put(data), blobs.put(data)]);
      assert.equal(a.sha256, b.sha256);
      assert.ok(await blobs.has(a.sha256));
    });
  });
}
