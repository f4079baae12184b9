// The catalog's consistency check (`quiver check`, and the crash tests): the store's own checks plus the
// one that spans both contracts — every asset's bytes are in the blob store.
import type { BlobStore } from '../blobs/blobs.js';
import type { BlobTx, Store } from '../store/store.js';

export async function catalogProblems(store: Store<BlobTx>, blobs: BlobStore): Promise<string[]> {
  const problems = await store.integrityProblems();
  for (const sha256 of await store.read((tx) => tx.referencedBlobDigests())) {
    if (!(await blobs.has(sha256)))
      problems.push(`blob ${sha256} is referenced by an asset but missing from the blob store`);
  }
  return problems;
}
