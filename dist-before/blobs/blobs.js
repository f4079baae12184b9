// The BlobStore contract: content-addressed bytes. `put` streams, verifies the sha256 the caller expects
// (when given) and makes the blob visible only once it is whole; a failed put leaves nothing behind.
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
export class BlobDigestMismatch extends Error {
    expected;
    actual;
    constructor(expected, actual) {
        super(`content sha256 is ${actual}, expected ${expected}`);
        this.expected = expected;
        this.actual = actual;
    }
}
/**
 * A blob served from memory: still a Readable for every caller, with its bytes at hand for a transport that can
 * send a buffer in one write (piping a one-chunk stream costs the npm tarball route a third of its throughput).
 */
export class InMemoryBlob extends Readable {
    bytes;
    constructor(bytes) {
        super();
        this.bytes = bytes;
        this.push(bytes);
        this.push(null);
    }
}
/** Streams content through all four digests CodeArtifact reports, counting bytes. */
export function digestingStream() {
    const hashes = {
        sha256: createHash('sha256'),
        md5: createHash('md5'),
        sha1: createHash('sha1'),
        sha512: createHash('sha512'),
    };
    let size = 0;
    const stream = new Transform({
        transform(chunk, _encoding, done) {
            for (const hash of Object.values(hashes))
                hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
        },
    });
    return {
        stream,
        result: () => ({
            sha256: hashes.sha256.digest('hex'),
            size,
            md5: hashes.md5.digest('hex'),
            sha1: hashes.sha1.digest('hex'),
            sha512: hashes.sha512.digest('hex'),
        }),
    };
}
//# sourceMappingURL=blobs.js.map