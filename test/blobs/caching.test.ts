// The memory cache in front of a BlobStore: it passes the same conformance suite as the stores it fronts,
// serves a small blob it has read once without the store, and forgets a blob deleted through it.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { CACHEABLE_BLOB_BYTES, CachingBlobStore } from '../../src/blobs/caching-blob-store.js';
import { FsBlobStore } from '../../src/blobs/fs-blob-store.js';
import { tempDir } from '../helpers/quiver.js';
import { blobStoreConformance } from './conformance.js';

const conformanceDir = tempDir('quiver-blobs-cached-');
blobStoreConformance({
  name: 'files behind the memory cache',
  async open() {
    const files = new FsBlobStore(conformanceDir);
    await files.init();
    return new CachingBlobStore(files, 1024 * 1024);
  },
  cleanup: async () => rmSync(conformanceDir, { recursive: true, force: true }),
  plantLeftover: async () => writeFileSync(join(conformanceDir, 'tmp', randomUUID()), 'half an upload'),
});

async function readAll(stream: Readable | undefined): Promise<Buffer | undefined> {
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the blob memory cache', () => {
  const dir = tempDir('quiver-blobs-cache-');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a small blob again without the store, keeps large ones out, and forgets deleted ones', async () => {
    const files = new FsBlobStore(dir);
    await files.init();
    const cached = new CachingBlobStore(files, 4 * 1024 * 1024);
    const small = Buffer.from('a tarball, small enough to keep');
    const large = Buffer.alloc(CACHEABLE_BLOB_BYTES + 1, 7);
    const smallSha = (await cached.put(small)).sha256;
    const largeSha = (await cached.put(large)).sha256;
    assert.deepEqual(await readAll(await cached.get(smallSha)), small);
    assert.deepEqual(await readAll(await cached.get(largeSha)), large);

    // Remove the files behind the cache's back: only what it kept can still be served.
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(await readAll(await cached.get(smallSha)), small, 'the small blob comes from memory');
    assert.equal(await cached.get(largeSha), undefined, 'the large blob was never kept');
    assert.equal(
      createHash('sha256')
        .update((await readAll(await cached.get(smallSha)))!)
        .digest('hex'),
      smallSha,
    );

    assert.equal(
      await cached.has(smallSha),
      false,
      'has() asks the store: another instance may have deleted the bytes',
    );

    await cached.delete(smallSha);
    assert.equal(await cached.get(smallSha), undefined, 'deleted through the cache: forgotten');
  });
});
