// The BlobStore conformance suite on the S3 backend, against moto_server on loopback.
import { S3BlobStore } from '../../src/blobs/s3-blob-store.js';
import { createTestBucket, s3Client } from '../helpers/s3.js';
import { blobStoreConformance } from './conformance.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('moto_server');

const { endpoint, bucket } = await createTestBucket();
const client = s3Client(endpoint);

blobStoreConformance({
  name: 's3',
  open: async () => new S3BlobStore(client, { bucket, prefix: 'quiver/blobs' }),
  cleanup: async () => client.destroy(),
});
