// Blobs as files under <dir>/sha256/ab/cd/<digest>. Written to a temporary file in the same directory
// tree, fsynced, then renamed into place: a reader sees the whole blob or none of it, and a crash leaves
// at most a temporary file, which the next start removes.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

export class FsBlobStore implements BlobStore {
  readonly backend = 'files';
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  /**
   * Creates the directories. The server clears temporary files a crash left (`clearTemporary`); a CLI command
   * working beside a running server must not, or it would remove the files of publishes in flight.
   */
  async init(clearTemporary = true): Promise<void> {
    if (clearTemporary) await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  private pathOf(sha256: string): string {
    if (!DIGEST.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult> {
    const tmp = join(this.tmpDir, randomUUID());
    const digests = digestingStream();
    try {
      await pipeline(
        Buffer.isBuffer(content) ? Readable.from([content]) : content,
        digests.stream,
        createWriteStream(tmp),
      );
      const result = digests.result();
      const { sha256 } = result;
      if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== sha256)
        throw new BlobDigestMismatch(expectedSha256, sha256);
      const handle = await open(tmp, 'r');
      await handle.sync();
      await handle.close();
      const target = this.pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return result;
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

  async *list(digestPrefix = ''): AsyncIterable<StoredBlob> {
    if (!DIGEST_PREFIX.test(digestPrefix)) throw new Error(`not a digest prefix: ${digestPrefix}`);
    const base = join(this.root, 'sha256');
    const entries = (dir: string) => readdir(dir).catch(() => [] as string[]);
    // Level by level, skipping the directories the prefix rules out.
    const matches = (name: string, from: number) => name.startsWith(digestPrefix.slice(from, from + name.length));
    for (const first of await entries(base)) {
      if (!matches(first, 0)) continue;
      for (const second of await entries(join(base, first))) {
        if (!matches(second, 2)) continue;
        for (const name of await entries(join(base, first, second))) {
          if (!DIGEST.test(name) || !name.startsWith(digestPrefix)) continue;
          const info = await stat(join(base, first, second, name)).catch(() => undefined);
          if (info?.isFile()) yield { sha256: name, size: info.size, lastModified: info.mtimeMs };
        }
      }
    }
  }

  async leftovers(): Promise<Leftover[]> {
    const names = await readdir(this.tmpDir).catch(() => [] as string[]);
    const found: Leftover[] = [];
    for (const name of names) {
      const info = await stat(join(this.tmpDir, name)).catch(() => undefined);
      if (info) found.push({ name, lastModified: info.mtimeMs });
    }
    return found;
  }

  async removeLeftover(name: string): Promise<void> {
    if (name.includes('/') || name.startsWith('.')) throw new Error(`not a temporary file name: ${name}`);
    await rm(join(this.tmpDir, name), { force: true });
  }
}
