// The byte-counting BlobStore the metrics put in front of the real one keeps the whole BlobStore contract.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FsBlobStore } from '../../src/blobs/fs-blob-store.js';
import { MeteredBlobStore } from '../../src/observability/metered-blob-store.js';
import { Metrics } from '../../src/observability/metrics.js';
import { blobStoreConformance } from '../blobs/conformance.js';
import { tempDir } from '../helpers/quiver.js';

const dir = tempDir('quiver-blobs-metered-');
blobStoreConformance({
  name: 'files behind the byte counter',
  async open() {
    const files = new FsBlobStore(dir);
    await files.init();
    return new MeteredBlobStore(files, new Metrics());
  },
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  plantLeftover: async () => writeFileSync(join(dir, 'tmp', randomUUID()), 'half an upload'),
});
