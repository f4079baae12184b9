// The BlobStore conformance suite on the filesystem backend.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FsBlobStore } from '../../src/blobs/fs-blob-store.js';
import { tempDir } from '../helpers/quiver.js';
import { blobStoreConformance } from './conformance.js';

const dir = tempDir('quiver-blobs-');

blobStoreConformance({
  name: 'files',
  async open() {
    const store = new FsBlobStore(dir);
    await store.init();
    return store;
  },
  leftovers: async () => readdirSync(join(dir, 'tmp')),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});
