export async function catalogProblems(store, blobs) {
    const problems = await store.integrityProblems();
    for (const sha256 of await store.read((tx) => tx.referencedBlobDigests())) {
        if (!(await blobs.has(sha256)))
            problems.push(`blob ${sha256} is referenced by an asset but missing from the blob store`);
    }
    return problems;
}
//# sourceMappingURL=integrity.js.map