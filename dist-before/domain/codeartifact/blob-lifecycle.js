export class BlobVanished extends Error {
    sha256;
    constructor(sha256) {
        super(`blob ${sha256} was deleted while being published; retrying`);
        this.sha256 = sha256;
    }
}
export class BlobLifecycle {
    store;
    blobs;
    constructor(store, blobs) {
        this.store = store;
        this.blobs = blobs;
    }
    put(content, expectedSha256) {
        return this.blobs.put(content, expectedSha256);
    }
    /** Inside the publishing write transaction: keep the blob alive, and make sure its bytes are still there. */
    async retain(tx, put, now) {
        await tx.retainBlob(put.sha256, put.size, now);
        if (!(await this.blobs.has(put.sha256)))
            throw new BlobVanished(put.sha256);
    }
    /** Inside the write transaction that removed asset rows: which of these digests may now lose their bytes. */
    async markUnreferenced(tx, digests) {
        const doomed = [];
        for (const sha256 of new Set(digests))
            if (await tx.markBlobDeletingIfUnreferenced(sha256))
                doomed.push(sha256);
        return doomed;
    }
    /** After that transaction committed: delete the bytes of blobs still unreferenced. */
    async deleteDoomed(digests) {
        for (const sha256 of digests) {
            await this.store.write(async (tx) => {
                if (!(await tx.claimBlobForDeletion(sha256)))
                    return;
                await this.blobs.delete(sha256);
                await tx.forgetBlob(sha256);
            });
        }
    }
    /** Finishes deletions a crash interrupted. */
    async sweep() {
        let done = 0;
        for (;;) {
            const pending = await this.store.read((tx) => tx.blobsPendingDeletion(100));
            if (pending.length === 0)
                return done;
            await this.deleteDoomed(pending);
            const still = await this.store.read((tx) => tx.blobsPendingDeletion(100));
            done += pending.length;
            // A pending blob that is referenced again stays 'deleting' until re-retained: stop rather than loop.
            if (still.length > 0 && still.every((sha) => pending.includes(sha))) {
                await this.store.write(async (tx) => {
                    for (const sha of still)
                        await tx.retainBlob(sha, 0, Date.now());
                });
                return done;
            }
        }
    }
}
//# sourceMappingURL=blob-lifecycle.js.map