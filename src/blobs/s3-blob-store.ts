// Blobs in S3 (or any S3-compatible store), through the official @aws-sdk/client-s3. A put streams the body
// into `<prefix>/tmp/<uuid>` (multipart for large bodies, via @aws-sdk/lib-storage) while hashing it; only
// when the digest is known and matches is it copied to `<prefix>/sha256/ab/cd/<digest>` and the temporary
// object removed. So a reader never sees a half-written or unverified blob under its digest.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  BlobDigestMismatch,
  DIGEST_PREFIX,
  digestingStream,
  type BlobStore,
  type Leftover,
  type PutResult,
  type StoredBlob,
} from './blobs.js';

const DIGEST = /^[0-9a-f]{64}$/;

export interface S3Location {
  bucket: string;
  prefix: string;
}

/** `s3://bucket/some/prefix` → bucket and prefix (no leading or trailing slash). */
export function parseBlobUrl(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new Error(`QUIVER_BLOB_URL must look like s3://bucket/prefix, got '${url}'`);
  return { bucket: match[1]!, prefix: match[2]!.replace(/^\/+|\/+$/g, '') };
}

/**
 * The S3 client Quiver uses. Quiver verifies every blob by its own SHA-256; the SDK's default CRC checksums
 * are not supported alike by every S3-compatible store (composite checksums of multipart objects), so they
 * are used only where an operation requires them. An explicit endpoint means path-style addressing.
 */
export function s3ClientFor(options: {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.endpoint !== undefined,
    credentials: options.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const notFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

export class S3BlobStore implements BlobStore {
  readonly backend = 's3';

  constructor(
    private readonly client: S3Client,
    private readonly location: S3Location,
  ) {}

  private key(path: string): string {
    return this.location.prefix ? `${this.location.prefix}/${path}` : path;
  }

  private keyOf(sha256: string): string {
    if (!DIGEST.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    return this.key(`sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`);
  }

  async put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult> {
    const tmp = this.key(`tmp/${randomUUID()}`);
    const digests = digestingStream();
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    source.on('error', (error) => digests.stream.destroy(error));
    source.pipe(digests.stream);
    try {
      await new Upload({
        client: this.client,
        params: { Bucket: this.location.bucket, Key: tmp, Body: digests.stream },
        queueSize: 2,
        partSize: 8 * 1024 * 1024,
      }).done();
      const result = digests.result();
      if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== result.sha256)
        throw new BlobDigestMismatch(expectedSha256, result.sha256);
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.location.bucket,
          Key: this.keyOf(result.sha256),
          CopySource: `${this.location.bucket}/${encodeURIComponent(tmp).replace(/%2F/g, '/')}`,
        }),
      );
      return result;
    } finally {
      await this.client
        .send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: tmp }))
        .catch(() => undefined);
    }
  }

  async get(sha256: string): Promise<Readable | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(sha256) }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    const existed = await this.has(sha256);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(sha256) }));
    return existed;
  }

  /** Every object under a key prefix, page by page. */
  private async *objects(prefix: string): AsyncIterable<{ key: string; size: number; lastModified: number }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? [])
        yield { key: object.Key!, size: object.Size ?? 0, lastModified: object.LastModified?.getTime() ?? 0 };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async *list(digestPrefix = ''): AsyncIterable<StoredBlob> {
    if (!DIGEST_PREFIX.test(digestPrefix)) throw new Error(`not a digest prefix: ${digestPrefix}`);
    // sha256/ab/cd/<digest>: as much of the key as the prefix fixes, so S3 lists only that part.
    const p = digestPrefix;
    const keyPrefix =
      p.length < 2
        ? `sha256/${p}`
        : p.length < 4
          ? `sha256/${p.slice(0, 2)}/${p.slice(2)}`
          : `sha256/${p.slice(0, 2)}/${p.slice(2, 4)}/${p}`;
    for await (const object of this.objects(this.key(keyPrefix))) {
      const sha256 = object.key.slice(object.key.lastIndexOf('/') + 1);
      if (DIGEST.test(sha256) && sha256.startsWith(p))
        yield { sha256, size: object.size, lastModified: object.lastModified };
    }
  }

  async leftovers(): Promise<Leftover[]> {
    const found: Leftover[] = [];
    for await (const object of this.objects(this.key('tmp/')))
      found.push({ name: object.key, lastModified: object.lastModified });
    return found;
  }

  async removeLeftover(name: string): Promise<void> {
    if (!name.startsWith(this.key('tmp/'))) throw new Error(`not a temporary object: ${name}`);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: name }));
  }
}
