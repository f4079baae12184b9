export const QUIVER_BUCKET = 'quiver-codeartifact';
export const KEY_FORM = '<domain>/<repository>/<namespace>/<package>/<version>/<asset>';
export class ObjectLocationError extends Error {
}
async function readAll(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
/** The bytes at an S3-style location, or an ObjectLocationError saying what Quiver can read instead. */
export async function readObject(assets, caller, bucket, key) {
    if (bucket !== QUIVER_BUCKET) {
        throw new ObjectLocationError(`Quiver reads objects from CodeArtifact generic assets: use bucket "${QUIVER_BUCKET}" and key "${KEY_FORM}" (got bucket "${bucket ?? ''}").`);
    }
    const parts = (key ?? '').split('/');
    if (parts.length !== 6 || parts.some((part) => part === '')) {
        throw new ObjectLocationError(`The key "${key ?? ''}" must be "${KEY_FORM}".`);
    }
    const [domain, repository, namespace, pkg, version, asset] = parts;
    try {
        const download = await assets.download(caller, { domain, repository, format: 'generic', namespace, package: pkg }, version, asset);
        return await readAll(download.content);
    }
    catch (error) {
        throw new ObjectLocationError(`Cannot read ${QUIVER_BUCKET}/${key}: ${error.message}`);
    }
}
//# sourceMappingURL=object-location.js.map