// A tarball against the digests its manifest's `dist` claims: npm's publish, and a copy from the external
// registry, are refused when the bytes are not the ones the client or the registry hashed.
import { createHash } from 'node:crypto';
import { invalid } from '../../shared/errors.js';

export function checkIntegrity(tarball: Buffer, dist: { integrity?: string; shasum?: string }): void {
  const sha512 = createHash('sha512').update(tarball).digest('base64');
  if (dist.integrity?.startsWith('sha512-') && dist.integrity !== `sha512-${sha512}`) {
    throw invalid(`The tarball does not match its integrity ${dist.integrity} (computed sha512-${sha512}).`);
  }
  if (dist.shasum && dist.shasum !== createHash('sha1').update(tarball).digest('hex')) {
    throw invalid(`The tarball does not match its shasum ${dist.shasum}.`);
  }
}
