// Quiver hosts no S3. Where an AWS API names an S3 object that Quiver must read (Panorama import manifests,
// IoT SBOMs), the object is a CodeArtifact generic asset of the caller's own account and region:
//   { bucket: "quiver-codeartifact", key: "<domain>/<repository>/<namespace>/<package>/<version>/<asset>" }
import type { Readable } from 'node:stream';
import type { Caller } from '../shared/caller.js';
import type { PackageVersions } from './versions.js';

export const QUIVER_BUCKET = 'quiver-codeartifact';
export const KEY_FORM = '<domain>/<repository>/<namespace>/<package>/<version>/<asset>';

export class ObjectLocationError extends Error {}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The bytes at an S3-style location, or an ObjectLocationError saying what Quiver can read instead. */
export async function readObject(
  assets: PackageVersions,
  caller: Caller,
  bucket: string | undefined,
  key: string | undefined,
): Promise<Buffer> {
  if (bucket !== QUIVER_BUCKET) {
    throw new ObjectLocationError(
      `Quiver reads objects from CodeArtifact generic assets: use bucket "${QUIVER_BUCKET}" and key "${KEY_FORM}" (got bucket "${bucket ?? ''}").`,
    );
  }
  const parts = (key ?? '').split('/');
  if (parts.length !== 6 || parts.some((part) => part === '')) {
    throw new ObjectLocationError(`The key "${key ?? ''}" must be "${KEY_FORM}".`);
  }
  const [domain, repository, namespace, pkg, version, asset] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  try {
    const download = await assets.download(
      caller,
      { domain, repository, format: 'generic', namespace, package: pkg },
      version,
      asset,
    );
    return await readAll(download.content);
  } catch (error) {
    throw new ObjectLocationError(`Cannot read ${QUIVER_BUCKET}/${key}: ${(error as Error).message}`);
  }
}
