// The blob lifecycle rows in SQL (see domain/codeartifact/blob-lifecycle.ts). A blob is referenced by
// CodeArtifact assets, so these statements read ca_assets; they own only the `blobs` table.
import { SqlArea } from './runner.js';

export interface BlobTx {
  /**
   * Blob lifecycle (see domain/codeartifact/blob-lifecycle.ts): a blob row is `live` while assets may use it
   * and `deleting` once none does. Retaining marks it live again (and in PostgreSQL locks the row, so it
   * serialises with a deleter); the bytes go only under `claimBlobForDeletion` in a later transaction.
   */
  retainBlob(sha256: string, size: number, now: number): Promise<void>;
  /** Marks the blob `deleting` when no asset references it; true when it did. */
  markBlobDeletingIfUnreferenced(sha256: string): Promise<boolean>;
  /**
   * True when the blob is still `deleting` and unreferenced: the caller may delete its bytes, then forget it, in
   * the same transaction. The claim locks the row (an UPDATE), so a concurrent retain waits for that commit.
   */
  claimBlobForDeletion(sha256: string): Promise<boolean>;
  forgetBlob(sha256: string): Promise<void>;
  blobsPendingDeletion(limit: number): Promise<string[]>;
  /** Every digest assets reference, for integrity checks. */
  referencedBlobDigests(): Promise<string[]>;
  /**
   * Housekeeping (`quiver gc`): of these digests, those with neither a blob row nor an asset referencing them —
   * bytes a publish wrote but never recorded (it failed, or its process died), or one still on its way to its
   * write transaction (the caller's grace period tells the two apart).
   */
  untrackedBlobs(digests: string[]): Promise<string[]>;
  /**
   * Takes an untracked blob into the lifecycle as `deleting`, so its bytes go by the same claim/forget steps as
   * any other; false when it has a row or an asset reference by now.
   */
  adoptUntrackedBlob(sha256: string, size: number, now: number): Promise<boolean>;
}

export class SqlBlobs extends SqlArea implements BlobTx {
  async retainBlob(sha256: string, size: number, now: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO blobs (sha256, size, state, created_at) VALUES (?, ?, 'live', ?)
       ON CONFLICT (sha256) DO UPDATE SET state = 'live'`,
      [sha256, size, now],
    );
  }

  async markBlobDeletingIfUnreferenced(sha256: string): Promise<boolean> {
    const { changes } = await this.sql.run(
      `UPDATE blobs SET state = 'deleting' WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM ca_assets WHERE sha256 = ?)`,
      [sha256, sha256],
    );
    return changes === 1;
  }

  // A write, not a SELECT: in PostgreSQL the UPDATE locks the row until the deleter commits, after the bytes are
  // gone. A publish's retainBlob (an upsert of the same row) then waits, and its byte check that follows sees
  // them missing (BlobVanished); a publish that retained first makes this UPDATE wait and then fail to
  // serialize, and the re-run finds the row live. A plain read let a publish commit an asset between this claim
  // and the deletion of its bytes. (SQLite has one writer: the same statement, nothing to race.)
  async claimBlobForDeletion(sha256: string): Promise<boolean> {
    const { changes } = await this.sql.run(
      `UPDATE blobs SET state = 'deleting' WHERE sha256 = ? AND state = 'deleting'
       AND NOT EXISTS (SELECT 1 FROM ca_assets WHERE sha256 = ?)`,
      [sha256, sha256],
    );
    return changes === 1;
  }

  async forgetBlob(sha256: string): Promise<void> {
    await this.sql.run(`DELETE FROM blobs WHERE sha256 = ? AND state = 'deleting'`, [sha256]);
  }

  async blobsPendingDeletion(limit: number): Promise<string[]> {
    return (
      await this.sql.all<{ sha256: string }>(`SELECT sha256 FROM blobs WHERE state = 'deleting' LIMIT ?`, [limit])
    ).map((row) => row.sha256);
  }

  async untrackedBlobs(digests: string[]): Promise<string[]> {
    const tracked = new Set<string>();
    for (let i = 0; i < digests.length; i += 500) {
      const chunk = digests.slice(i, i + 500);
      const list = chunk.map(() => '?').join(', ');
      const rows = await this.sql.all<{ sha256: string }>(
        `SELECT sha256 FROM blobs WHERE sha256 IN (${list})
         UNION SELECT sha256 FROM ca_assets WHERE sha256 IN (${list})`,
        [...chunk, ...chunk],
      );
      for (const row of rows) tracked.add(row.sha256);
    }
    return digests.filter((sha256) => !tracked.has(sha256));
  }

  async adoptUntrackedBlob(sha256: string, size: number, now: number): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO blobs (sha256, size, state, created_at)
       SELECT ?, ?, 'deleting', ? WHERE NOT EXISTS (SELECT 1 FROM ca_assets WHERE sha256 = ?)
       ON CONFLICT (sha256) DO NOTHING`,
      [sha256, size, now, sha256],
    );
    return changes === 1;
  }

  async referencedBlobDigests(): Promise<string[]> {
    return (await this.sql.all<{ sha256: string }>('SELECT DISTINCT sha256 FROM ca_assets')).map((row) => row.sha256);
  }
}
