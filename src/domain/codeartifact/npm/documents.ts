// What an npm PUT of a package document may say, checked before anything is written (QA M3, M4). A PUT of
// `<registry>/<package>` carries either a publish (one version and its tarball as an attachment) or the whole
// packument edited by `npm deprecate` / `npm unpublish <pkg>@<v>`. Anything else — not an object, no `versions`
// object, another package's name, members of the wrong type — is a 400 naming what is wrong, never a deletion.
import { createHash } from 'node:crypto';
import type { PackageRecord } from '../../../store/records.js';
import { invalid } from '../../shared/errors.js';
import type { NpmName } from './names.js';

/** A publish as npm sends it: the version's package.json, its tarball, and the dist-tags to point at it. */
export interface NpmPublish {
  manifest: Record<string, unknown>;
  tarball: Buffer;
  tags: Record<string, string>;
}

/** One version as a metadata PUT sends it: only `deprecated` is taken from it. */
export interface NpmVersionEdit {
  deprecated?: string;
}

export interface NpmMetadataEdit {
  /** The `_rev` the client read (from the document, or the `-rev/<rev>` URL segment). */
  rev?: string;
  versions: Record<string, NpmVersionEdit>;
}

export type NpmPackageWrite = { kind: 'publish'; publish: NpmPublish } | { kind: 'metadata'; edit: NpmMetadataEdit };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function objectAt(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw invalid(`${where} must be a JSON object.`);
  return value;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${where} must be a string.`);
  return value;
}

/**
 * The packument's `_rev`: it changes whenever the package does. The package's change counter is moved by the
 * database itself on every version, asset and dist-tag change (migration 7), in the writing transaction, so a
 * `_rev` read before any change in between can never equal the one after it.
 */
export function npmRevision(pkg: PackageRecord): string {
  const hash = createHash('sha1').update(`${pkg.id}:${pkg.changeSeq}`).digest('hex');
  return `${pkg.changeSeq + 1}-${hash.slice(0, 32)}`;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A PUT body of `<package>` (or `<package>/-rev/<rev>`), read as a publish or a metadata edit. */
export function readNpmPackageWrite(body: unknown, name: NpmName, urlRev: string | undefined): NpmPackageWrite {
  const document = objectAt(body, 'The body of a package PUT (a packument)');
  if (document.name !== name.full)
    throw invalid(
      typeof document.name === 'string'
        ? `The document names ${document.name}, the URL ${name.full}.`
        : `The document's "name" must be the package's name, ${name.full}.`,
    );
  const versions = objectAt(document.versions, 'The document\'s "versions"');
  const attachments = document._attachments === undefined ? {} : objectAt(document._attachments, '"_attachments"');
  const rev = urlRev ?? optionalString(document._rev, '"_rev"');

  if (Object.keys(attachments).length === 0) {
    const edits: Record<string, NpmVersionEdit> = {};
    for (const [version, manifest] of Object.entries(versions)) {
      const entry = objectAt(manifest, `versions["${version}"]`);
      edits[version] = { deprecated: optionalString(entry.deprecated, `versions["${version}"].deprecated`) };
    }
    return { kind: 'metadata', edit: { rev, versions: edits } };
  }

  const manifests = Object.entries(versions);
  const files = Object.entries(attachments);
  if (manifests.length !== 1 || files.length !== 1)
    throw invalid('A publish carries exactly one version and one tarball.');
  const [version, rawManifest] = manifests[0]!;
  const manifest = objectAt(rawManifest, `versions["${version}"]`);
  if (manifest.version !== undefined && manifest.version !== version)
    throw invalid(`versions["${version}"].version says ${JSON.stringify(manifest.version)}.`);
  manifest.version = version;
  if (manifest.dist !== undefined) {
    const dist = objectAt(manifest.dist, `versions["${version}"].dist`);
    optionalString(dist.integrity, `versions["${version}"].dist.integrity`);
    optionalString(dist.shasum, `versions["${version}"].dist.shasum`);
  }
  const [file, rawAttachment] = files[0]!;
  const attachment = objectAt(rawAttachment, `_attachments["${file}"]`);
  const data = optionalString(attachment.data, `_attachments["${file}"].data`);
  if (data === undefined || !BASE64.test(data))
    throw invalid(`_attachments["${file}"].data must be the tarball in base64.`);
  const tarball = Buffer.from(data, 'base64');
  if (attachment.length !== undefined && attachment.length !== tarball.length)
    throw invalid(`The tarball is ${tarball.length} bytes, but its length says ${JSON.stringify(attachment.length)}.`);
  const tags: Record<string, string> = {};
  if (document['dist-tags'] !== undefined) {
    for (const [tag, tagged] of Object.entries(objectAt(document['dist-tags'], '"dist-tags"')))
      tags[tag] = optionalString(tagged, `"dist-tags".${tag}`)!;
  }
  return { kind: 'publish', publish: { manifest, tarball, tags } };
}
