// `cargo publish`'s request (the registry web API, PUT /api/v1/crates/new): a binary frame of two
// little-endian u32 length-prefixed parts — the publish metadata JSON, then the .crate file — and the metadata
// checked field by field, so that a malformed request is a 400 naming the problem before anything is stored.
import semver from 'semver';
import { invalid } from '../../shared/errors.js';
import { crateNameProblem } from './names.js';

/** One dependency as cargo sends it in the publish metadata (the index spells some fields differently). */
export interface PublishDependency {
  name: string;
  version_req: string;
  features: string[];
  optional: boolean;
  default_features: boolean;
  target: string | null;
  kind: 'normal' | 'dev' | 'build';
  registry: string | null;
  /** The name the dependent uses for it (`foo = { package = "bar" }` sends name "bar", explicit_name_in_toml "foo"). */
  explicit_name_in_toml: string | null;
}

export interface PublishMetadata {
  name: string;
  vers: string;
  deps: PublishDependency[];
  features: Record<string, string[]>;
  description: string | null;
  documentation: string | null;
  homepage: string | null;
  readme: string | null;
  keywords: string[];
  categories: string[];
  license: string | null;
  repository: string | null;
  links: string | null;
  rust_version: string | null;
}

export interface PublishFrame {
  metadata: PublishMetadata;
  crate: Buffer;
}

/** Splits the frame; 400 when it is truncated or has bytes after the crate. */
export function splitPublishFrame(body: Buffer): { json: Buffer; crate: Buffer } {
  if (body.length < 4) throw invalid('The publish request is truncated: it has no metadata length.');
  const jsonLength = body.readUInt32LE(0);
  if (body.length < 8 + jsonLength)
    throw invalid(
      `The publish request is truncated: its metadata is declared as ${jsonLength} bytes, but the body has ${body.length}.`,
    );
  const json = body.subarray(4, 4 + jsonLength);
  const crateLength = body.readUInt32LE(4 + jsonLength);
  const crateStart = 8 + jsonLength;
  if (body.length < crateStart + crateLength)
    throw invalid(
      `The publish request is truncated: the .crate is declared as ${crateLength} bytes, but ${body.length - crateStart} follow.`,
    );
  if (body.length > crateStart + crateLength) throw invalid('The publish request has bytes after the .crate file.');
  return { json, crate: body.subarray(crateStart, crateStart + crateLength) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringOrNull(o: Record<string, unknown>, key: string, where: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalid(`The publish metadata's ${where}${key} must be a string.`);
  return v;
}

function strings(o: Record<string, unknown>, key: string, where: string): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    throw invalid(`The publish metadata's ${where}${key} must be a list of strings.`);
  return v as string[];
}

function bool(o: Record<string, unknown>, key: string, where: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw invalid(`The publish metadata's ${where}${key} must be true or false.`);
  return v;
}

/** A version cargo accepts: semver 2.0, no leading `v`. */
export function isCrateVersion(version: string): boolean {
  return semver.valid(version) !== null && /^\d/.test(version) && semver.clean(version) === version.split('+')[0];
}

function dependency(value: unknown, index: number): PublishDependency {
  const where = `deps[${index}].`;
  if (!isRecord(value)) throw invalid(`The publish metadata's deps[${index}] must be an object.`);
  const name = stringOrNull(value, 'name', where);
  if (!name) throw invalid(`The publish metadata's ${where}name is missing.`);
  const problem = crateNameProblem(name);
  if (problem) throw invalid(`Dependency ${index + 1}: ${problem}.`);
  const versionReq = stringOrNull(value, 'version_req', where);
  if (!versionReq) throw invalid(`The publish metadata's ${where}version_req is missing.`);
  const kind = stringOrNull(value, 'kind', where) ?? 'normal';
  if (kind !== 'normal' && kind !== 'dev' && kind !== 'build')
    throw invalid(`The publish metadata's ${where}kind must be normal, dev or build, not "${kind}".`);
  const explicit = stringOrNull(value, 'explicit_name_in_toml', where);
  if (explicit !== null && crateNameProblem(explicit))
    throw invalid(`Dependency ${index + 1}: the name in Cargo.toml "${explicit}" is not a valid crate name.`);
  return {
    name,
    version_req: versionReq,
    features: strings(value, 'features', where),
    optional: bool(value, 'optional', where, false),
    default_features: bool(value, 'default_features', where, true),
    target: stringOrNull(value, 'target', where),
    kind,
    registry: stringOrNull(value, 'registry', where),
    explicit_name_in_toml: explicit,
  };
}

/** The metadata JSON, checked; 400 for JSON that does not parse, a name cargo rejects, a version that is not semver. */
export function parsePublishMetadata(json: Buffer): PublishMetadata {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw invalid(`The publish metadata is not valid JSON (${(error as Error).message}).`);
  }
  if (!isRecord(value)) throw invalid('The publish metadata must be a JSON object.');
  const name = stringOrNull(value, 'name', '');
  if (!name) throw invalid('The publish metadata has no crate name.');
  const problem = crateNameProblem(name);
  if (problem) throw invalid(`Invalid crate name: ${problem}.`);
  const vers = stringOrNull(value, 'vers', '');
  if (!vers) throw invalid('The publish metadata has no version (vers).');
  if (!isCrateVersion(vers)) throw invalid(`The version "${vers}" is not a semantic version (semver 2.0).`);
  const deps = value.deps ?? [];
  if (!Array.isArray(deps)) throw invalid("The publish metadata's deps must be a list.");
  const features = value.features ?? {};
  if (
    !isRecord(features) ||
    Object.values(features).some((f) => !Array.isArray(f) || f.some((s) => typeof s !== 'string'))
  )
    throw invalid("The publish metadata's features must map each feature to a list of strings.");
  return {
    name,
    vers,
    deps: deps.map(dependency),
    features: features as Record<string, string[]>,
    description: stringOrNull(value, 'description', ''),
    documentation: stringOrNull(value, 'documentation', ''),
    homepage: stringOrNull(value, 'homepage', ''),
    readme: stringOrNull(value, 'readme', ''),
    keywords: strings(value, 'keywords', ''),
    categories: strings(value, 'categories', ''),
    license: stringOrNull(value, 'license', ''),
    repository: stringOrNull(value, 'repository', ''),
    links: stringOrNull(value, 'links', ''),
    rust_version: stringOrNull(value, 'rust_version', ''),
  };
}
