// Blobs in S3 (or any S3-compatible store), through the official @aws-sdk/client-s3. A put streams the body
// into `<prefix>/tmp/<uuid>` (multipart for large bodies, via @aws-sdk/lib-storage) while hashing it; only
// when the digest is known and matches is it copied to `<prefix>/sha256/ab/cd/<digest>` and the temporary
// object removed. So a reader never sees a half-written or unverified blob under its digest.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobDigestMismatch, digestingStream } from './blobs.js';
const DIGEST = /^[0-9a-f]{64}$/;
/** `s3://bucket/some/prefix` → bucket and prefix (no leading or trailing slash). */
export function parseBlobUrl(url) {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
    if (!match)
        throw new Error(`QUIVER_BLOB_URL must look like s3://bucket/prefix, got '${url}'`);
    return { bucket: match[1], prefix: match[2].replace(/^\/+|\/+$/g, '') };
}
/**
 * The S3 client Quiver uses. Quiver verifies every blob by its own SHA-256; the SDK's default CRC checksums
 * are not supported alike by every S3-compatible store (composite checksums of multipart objects), so they
 * are used only where an operation requires them. An explicit endpoint means path-style addressing.
 */
export function s3ClientFor(options) {
    return new S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.endpoint !== undefined,
        credentials: options.credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
    });
}
const notFound = (error) => {
    const e = error;
    return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};
export class S3BlobStore {
    client;
    location;
    backend = 's3';
    constructor(client, location) {
        this.client = client;
        this.location = location;
    }
    key(path) {
        return this.location.prefix ? `${this.location.prefix}/${path}` : path;
    }
    keyOf(sha256) {
        if (!DIGEST.test(sha256))
            throw new Error(`not a sha256 digest: ${sha256}`);
        return this.key(`sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`);
    }
    async put(content, expectedSha256) {
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
            await this.client.send(new CopyObjectCommand({
                Bucket: this.location.bucket,
                Key: this.keyOf(result.sha256),
                CopySource: `${this.location.bucket}/${encodeURIComponent(tmp).replace(/%2F/g, '/')}`,
            }));
            return result;
        }
        finally {
            await this.client
                .send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: tmp }))
                .catch(() => undefined);
        }
    }
    async get(sha256) {
        try {
            const object = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(sha256) }));
            return object.Body;
        }
        catch (error) {
            if (notFound(error))
                return undefined;
            throw error;
        }
    }
    async has(sha256) {
        try {
            await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(sha256) }));
            return true;
        }
        catch (error) {
            if (notFound(error))
                return false;
            throw error;
        }
    }
    async delete(sha256) {
        const existed = await this.has(sha256);
        await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(sha256) }));
        return existed;
    }
    async leftovers() {
        const listed = await this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: this.key('tmp/') }));
        return (listed.Contents ?? []).map((object) => object.Key);
    }
}
//# sourceMappingURL=s3-blob-store.js.map