// `quiver gc`: removes what no one will ever read, and never what someone might — safe while instances serve.
//   untracked blobs   bytes with no blob row and no asset (a publish that failed after writing its bytes, or
//                     whose process died), last written before the grace period; deleted through the blob
//                     lifecycle's own claim/forget steps (blob-lifecycle.ts), so a publish of the same content
//                     racing the collector either keeps the bytes or is told to retry, never left pointing at none
//   leftover uploads  temporary files / S3 tmp/ objects older than the grace period (a put takes seconds)
//   clientToken records older than the retention: a retry comes within minutes, not days
//   interrupted deletions  'deleting' blob rows a killed deleter left (what every start-up also finishes)
// Without `apply` it only counts. Several collectors at once are safe: each step re-checks inside its transaction.
import type { BlobStore, StoredBlob } from '../../blobs/blobs.js';
import type { BlobTx, IdempotencyTx, Store } from '../../store/store.js';
import type { BlobLifecycle } from '../codeartifact/blob-lifecycle.js';

export interface CollectOptions {
  apply: boolean;
  /** Blobs and uploads written less than this long ago are left alone (a publish may be on its way). */
  graceMs: number;
  /** clientToken records younger than this are kept. */
  tokenRetentionMs: number;
  now: number;
  /** Called as the blob listing advances, one step per digest shard. */
  onProgress?: (done: number, total: number) => void;
}

export interface Tally {
  found: number;
  bytes: number;
  removed: number;
}

export interface CollectReport {
  applied: boolean;
  untrackedBlobs: Tally;
  leftoverUploads: Tally;
  expiredTokens: Tally;
  interruptedDeletions: Tally;
}

/** The blob listing goes one hex digit of the digest at a time: bounded memory, and a progress step each. */
const SHARDS = [...'0123456789abcdef'];
const TOKEN_BATCH = 1000;

const tally = (): Tally => ({ found: 0, bytes: 0, removed: 0 });

export class GarbageCollector {
  constructor(
    private readonly store: Store<BlobTx & IdempotencyTx>,
    private readonly lifecycle: BlobLifecycle,
    private readonly blobs: BlobStore,
  ) {}

  async collect(options: CollectOptions): Promise<CollectReport> {
    const report: CollectReport = {
      applied: options.apply,
      untrackedBlobs: tally(),
      leftoverUploads: tally(),
      expiredTokens: tally(),
      interruptedDeletions: tally(),
    };
    const writtenBefore = options.now - options.graceMs;

    const pending = await this.store.read((tx) => tx.blobsPendingDeletion(10_000));
    report.interruptedDeletions.found = pending.length;
    if (options.apply && pending.length > 0) report.interruptedDeletions.removed = await this.lifecycle.sweep();

    for (const [index, shard] of SHARDS.entries()) {
      const old: StoredBlob[] = [];
      for await (const blob of this.blobs.list(shard)) if (blob.lastModified < writtenBefore) old.push(blob);
      const untracked = new Set(await this.store.read((tx) => tx.untrackedBlobs(old.map((blob) => blob.sha256))));
      for (const blob of old) {
        if (!untracked.has(blob.sha256)) continue;
        report.untrackedBlobs.found++;
        report.untrackedBlobs.bytes += blob.size;
        if (options.apply && (await this.lifecycle.collectUntracked(blob, writtenBefore, options.now)))
          report.untrackedBlobs.removed++;
      }
      options.onProgress?.(index + 1, SHARDS.length);
    }

    for (const leftover of await this.blobs.leftovers()) {
      if (leftover.lastModified >= writtenBefore) continue;
      report.leftoverUploads.found++;
      if (options.apply) {
        await this.blobs.removeLeftover(leftover.name);
        report.leftoverUploads.removed++;
      }
    }

    const tokenCutoff = options.now - options.tokenRetentionMs;
    report.expiredTokens.found = await this.store.read((tx) => tx.countIdempotencyBefore(tokenCutoff));
    if (options.apply) {
      for (;;) {
        const removed = await this.store.write((tx) => tx.deleteIdempotencyBefore(tokenCutoff, TOKEN_BATCH));
        report.expiredTokens.removed += removed;
        if (removed < TOKEN_BATCH) break;
      }
    }
    return report;
  }
}
