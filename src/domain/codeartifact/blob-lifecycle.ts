// How asset bytes come and go without ever leaving a version pointing at missing bytes, even under
// SIGKILL or a concurrent publish of identical content:
//
//   publish:  put bytes (temp file + rename)  →  write tx { retain blob row 'live'; bytes still there? ; insert asset }
//   dispose:  write tx { delete asset rows; mark blob 'deleting' if unreferenced }  →  commit
//             write tx { still 'deleting' and unreferenced? delete bytes; forget row }
//   start-up: finish every 'deleting' blob (a deleter killed between the two transactions).
//   gc:       bytes with no row and no asset (a publish that failed after its put, or died), older than a grace
//             period: write tx { adopt as 'deleting' unless a row or asset appeared }  →  commit
//             write tx { still 'deleting' and unreferenced, and not written again since? delete bytes; forget row }
//
// Bytes are only deleted inside a write transaction that re-checked the row, and a publisher checks the
// bytes inside its own write transaction after retaining the row, so the two serialise on that row. Both the
// claim and the retain *write* the row: in PostgreSQL each takes its lock, so a publish never checks the bytes
// while a deleter that claimed them is still open (test/store/postgres.test.ts races both orders).
import type { Readable } from 'node:stream';
import type { BlobStore, PutResult, StoredBlob } from '../../blobs/blobs.js';
import type { BlobTx, Store } from '../../store/store.js';

export class BlobVanished extends Error {
  constructor(readonly sha256: string) {
    super(`blob ${sha256} was deleted while being published; retrying`);
  }
}

export class BlobLifecycle {
  constructor(
    private readonly store: Store<BlobTx>,
    readonly blobs: BlobStore,
  ) {}

  put(content: Readable | Buffer, expectedSha256?: string): Promise<PutResult> {
    return this.blobs.put(content, expectedSha256);
  }

  /** Inside the publishing write transaction: keep the blob alive, and make sure its bytes are still there. */
  async retain(tx: BlobTx, put: PutResult, now: number): Promise<void> {
    await tx.retainBlob(put.sha256, put.size, now);
    if (!(await this.blobs.has(put.sha256))) throw new BlobVanished(put.sha256);
  }

  /** Inside the write transaction that removed asset rows: which of these digests may now lose their bytes. */
  async markUnreferenced(tx: BlobTx, digests: string[]): Promise<string[]> {
    const doomed: string[] = [];
    for (const sha256 of new Set(digests)) if (await tx.markBlobDeletingIfUnreferenced(sha256)) doomed.push(sha256);
    return doomed;
  }

  /** After that transaction committed: delete the bytes of blobs still unreferenced. */
  async deleteDoomed(digests: string[]): Promise<void> {
    for (const sha256 of digests) {
      await this.store.write(async (tx) => {
        if (!(await tx.claimBlobForDeletion(sha256))) return;
        await this.blobs.delete(sha256);
        await tx.forgetBlob(sha256);
      });
    }
  }

  /**
   * Housekeeping (`quiver gc`): deletes the bytes of an untracked blob by the steps of a dispose. The bytes are
   * kept (and the adopted row forgotten) when a put wrote them again at or after `writtenBefore`: a publish of the
   * same content is on its way to its write transaction, which will retain them.
   */
  async collectUntracked(blob: StoredBlob, writtenBefore: number, now: number): Promise<boolean> {
    if (!(await this.store.write((tx) => tx.adoptUntrackedBlob(blob.sha256, blob.size, now)))) return false;
    return this.store.write(async (tx) => {
      if (!(await tx.claimBlobForDeletion(blob.sha256))) return false;
      let written: number | undefined;
      for await (const current of this.blobs.list(blob.sha256)) written = current.lastModified;
      // Gone already (another collector deleted it and forgot its row), or written again: leave the bytes be.
      const deletable = written !== undefined && written < writtenBefore;
      if (deletable) await this.blobs.delete(blob.sha256);
      await tx.forgetBlob(blob.sha256);
      return deletable;
    });
  }

  /** Finishes deletions a crash interrupted. */
  async sweep(): Promise<number> {
    let done = 0;
    for (;;) {
      const pending = await this.store.read((tx) => tx.blobsPendingDeletion(100));
      if (pending.length === 0) return done;
      await this.deleteDoomed(pending);
      const still = await this.store.read((tx) => tx.blobsPendingDeletion(100));
      done += pending.length;
      // A pending blob that is referenced again stays 'deleting' until re-retained: stop rather than loop.
      if (still.length > 0 && still.every((sha) => pending.includes(sha))) {
        await this.store.write(async (tx) => {
          for (const sha of still) await tx.retainBlob(sha, 0, Date.now());
        });
        return done;
      }
    }
  }
}
