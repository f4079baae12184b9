// The BlobStore conformance suite on the S3 backend, against moto_server on loopback.
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
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
  plantLeftover: async () => {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: `quiver/blobs/tmp/${randomUUID()}`, Body: 'half an upload' }),
    );
  },
});
