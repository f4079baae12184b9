// Blobs as files under <dir>/sha256/ab/cd/<digest>. Written to a temporary file in the same directory
// tree, fsynced, then renamed into place: a reader sees the whole blob or none of it, and a crash leaves
// at most a temporary file, which the next start removes.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobDigestMismatch, type BlobStore, type PutResult } from './blobs.js';

const DIGEST = /^[0-9a-f]{64}$/;

export class FsBlobStore implements BlobStore {
  readonly backend = 'files';
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  async init(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  private pathOf(sha256: string): string {
    if (!DIGEST.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult> {
    const tmp = join(this.tmpDir, randomUUID());
    const hash = createHash('sha256');
    const others = { md5: createHash('md5'), sha1: createHash('sha1'), sha512: createHash('sha512') };
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        others.md5.update(chunk);
        others.sha1.update(chunk);
        others.sha512.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, measure, createWriteStream(tmp));
      const sha256 = hash.digest('hex');
      if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== sha256) throw new BlobDigestMismatch(expectedSha256, sha256);
      const handle = await open(tmp, 'r');
      await handle.sync();
      await handle.close();
      const target = this.pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return { sha256, size, md5: others.md5.digest('hex'), sha1: others.sha1.digest('hex'), sha512: others.sha512.digest('hex') };
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async get(sha256: string): Promise<Readable | undefined> {
    if (!(await this.has(sha256))) return undefined;
    return createReadStream(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    const existed = await this.has(sha256);
    await rm(this.pathOf(sha256), { force: true });
    return existed;
  }

  /** Every stored digest (for integrity checks and garbage collection). */
  async list(): Promise<string[]> {
    const out: string[] = [];
    const base = join(this.root, 'sha256');
    for (const a of await readdir(base).catch(() => [] as string[])) {
      for (const b of await readdir(join(base, a)).catch(() => [] as string[])) {
        for (const file of await readdir(join(base, a, b))) if (DIGEST.test(file)) out.push(file);
      }
    }
    return out;
  }
}
