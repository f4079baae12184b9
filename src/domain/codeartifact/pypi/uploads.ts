// What a legacy upload (twine) must prove before anything is stored: the action, a PEP 508 name and PEP 440
// version that agree with the file name and with the core metadata inside the file, and every digest sent.
import { createHash } from 'node:crypto';
import { blake2b } from '@noble/hashes/blake2.js';
import { invalid } from '../../shared/errors.js';
import { extractCoreMetadata } from './distributions.js';
import { type CoreMetadata, parseCoreMetadata } from './metadata.js';
import { type DistributionFile, parseDistributionFilename, parsePypiName, parsePypiVersion } from './names.js';
import { pep440 } from './versions.js';

/** A parsed upload form: its fields (repeats kept) and the one distribution file. */
export interface PypiUpload {
  fields: Map<string, string[]>;
  filename: string;
  content: Buffer;
}

export interface CheckedUpload {
  /** Normalised project name. */
  name: string;
  /** The version in PEP 440's normal form (`1.0-RC1` → `1.0rc1`), as the catalog keeps it. */
  version: string;
  dist: DistributionFile;
  filename: string;
  content: Buffer;
  sha256: string;
  core: CoreMetadata;
  /** The raw METADATA / PKG-INFO file, served as `<file>.metadata` for wheels (PEP 658). */
  metadata: Buffer;
}

const fieldOf = (upload: PypiUpload, name: string) => {
  const value = upload.fields.get(name)?.[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** md5 comes as hex from twine and as unpadded urlsafe base64 in Warehouse's documentation: accept both. */
function sameDigest(sent: string, actual: Buffer): boolean {
  const lower = sent.toLowerCase();
  return lower === actual.toString('hex') || sent.replace(/=+$/, '') === actual.toString('base64url');
}

function checkDigests(upload: PypiUpload): string {
  const sha256 = createHash('sha256').update(upload.content).digest();
  const digests: [string, () => Buffer][] = [
    ['sha256_digest', () => sha256],
    ['md5_digest', () => createHash('md5').update(upload.content).digest()],
    ['blake2_256_digest', () => Buffer.from(blake2b(upload.content, { dkLen: 32 }))],
  ];
  let checked = 0;
  for (const [field, compute] of digests) {
    const sent = fieldOf(upload, field);
    if (sent === undefined) continue;
    checked++;
    if (!sameDigest(sent, compute()))
      throw invalid(`${field} ${sent} does not match the uploaded file (${compute().toString('hex')}).`);
  }
  if (checked === 0) throw invalid('The upload carries no digest: send sha256_digest (twine does).');
  return sha256.toString('hex');
}

export async function checkUpload(upload: PypiUpload): Promise<CheckedUpload> {
  const action = fieldOf(upload, ':action');
  if (action !== 'file_upload') throw invalid(`Unsupported :action "${action ?? ''}": only file_upload is served.`);
  const rawName = fieldOf(upload, 'name');
  if (!rawName) throw invalid('The upload has no "name" field.');
  const name = parsePypiName(rawName);
  const rawVersion = fieldOf(upload, 'version');
  if (!rawVersion) throw invalid('The upload has no "version" field.');
  const version = pep440.clean(parsePypiVersion(rawVersion))!;
  const dist = parseDistributionFilename(upload.filename);
  if (!dist)
    throw invalid(`"${upload.filename}" is not a distribution file name: a wheel (.whl) or an sdist (.tar.gz, .zip).`);
  if (dist.project !== name)
    throw invalid(`The file ${upload.filename} is for project ${dist.project}, but the upload names ${name}.`);
  if (pep440.valid(dist.version) === null || !pep440.eq(dist.version, version))
    throw invalid(`The file ${upload.filename} is for version ${dist.version}, but the upload says ${rawVersion}.`);
  const filetype = fieldOf(upload, 'filetype');
  if (filetype && (filetype === 'bdist_wheel') !== (dist.kind === 'wheel'))
    throw invalid(`filetype ${filetype} does not match the file ${upload.filename}.`);
  const sha256 = checkDigests(upload);
  const metadata = await extractCoreMetadata(dist.kind, upload.filename, upload.content);
  const core = parseCoreMetadata(metadata.toString('utf8'));
  if (!core) throw invalid(`The core metadata in ${upload.filename} has no Name or no Version.`);
  if (parsePypiName(core.name) !== name || pep440.valid(core.version) === null || !pep440.eq(core.version, version))
    throw invalid(
      `The core metadata in ${upload.filename} is for ${core.name} ${core.version}, but the upload names ${rawName} ${rawVersion}.`,
    );
  return { name, version, dist, filename: upload.filename, content: upload.content, sha256, core, metadata };
}
