// The BlobStore conformance suite on the filesystem backend.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
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
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  plantLeftover: async () => writeFileSync(join(dir, 'tmp', randomUUID()), 'half an upload'),
});
