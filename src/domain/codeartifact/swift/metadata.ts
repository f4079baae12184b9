// The `metadata` part of a publish (Registry.md §4.6.2, Appendix B): a JSON object whose known fields must have
// the schema's types. SwiftPM decodes `author.name` (go-gitea/gitea#35159), so an author without a name is
// refused rather than stored. Unknown fields are kept: §4.2.2 returns user-provided metadata as it was given.
// Its fields also fill the catalog's descriptive details (DescribePackageVersion).
import type { VersionDetails } from '../../../store/records.js';
import { MAX_JSON_DEPTH, jsonNestingExceeds } from '../../../http/json-depth.js';
import type { CheckedArchive } from './archive.js';
import { UnprocessableRelease } from './archive.js';

export interface SwiftReleaseMetadata {
  author?: { name: string; email?: string; description?: string; url?: string; organization?: unknown };
  description?: string;
  licenseURL?: string;
  readmeURL?: string;
  repositoryURLs?: string[];
  originalPublicationTime?: string;
  [key: string]: unknown;
}

const MAX_METADATA_BYTES = 256 * 1024;

const refuse = (why: string) => new UnprocessableRelease(`invalid JSON provided for release metadata: ${why}`);

const isString = (value: unknown): value is string => typeof value === 'string';

function checkUrl(field: string, value: unknown): void {
  if (value === undefined) return;
  if (!isString(value) || !URL.canParse(value)) throw refuse(`${field} must be a URL string.`);
}

export function parseReleaseMetadata(bytes: Buffer | undefined): SwiftReleaseMetadata {
  if (bytes === undefined || bytes.length === 0) return {};
  if (bytes.length > MAX_METADATA_BYTES) throw refuse(`it is larger than ${MAX_METADATA_BYTES} bytes.`);
  const text = bytes.toString('utf8');
  if (jsonNestingExceeds(text)) throw refuse(`it nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw refuse(`it is not JSON (${(error as Error).message}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse('it is not a JSON object.');
  const m = parsed as Record<string, unknown>;
  for (const field of ['description', 'originalPublicationTime'] as const)
    if (m[field] !== undefined && !isString(m[field])) throw refuse(`${field} must be a string.`);
  if (isString(m.originalPublicationTime) && Number.isNaN(Date.parse(m.originalPublicationTime)))
    throw refuse('originalPublicationTime must be an ISO 8601 date-time.');
  checkUrl('licenseURL', m.licenseURL);
  checkUrl('readmeURL', m.readmeURL);
  if (m.repositoryURLs !== undefined) {
    if (!Array.isArray(m.repositoryURLs) || !m.repositoryURLs.every(isString) || m.repositoryURLs.length > 100)
      throw refuse('repositoryURLs must be an array of at most 100 strings.');
  }
  if (m.author !== undefined) {
    const author = m.author as Record<string, unknown>;
    if (typeof author !== 'object' || author === null || Array.isArray(author) || !isString(author.name))
      throw refuse('author must be an object with a string name.');
  }
  return m as SwiftReleaseMetadata;
}

/**
 * A repository URL as `identifiers?url=` compares it (§4.5): scheme and host case folded, a trailing `.git` and
 * slash dropped, so `https://GitHub.com/mona/LinkedList.git` finds what `https://github.com/mona/LinkedList` named.
 * SSH forms (`git@github.com:mona/LinkedList.git`) are compared the same way.
 */
export function canonicalRepositoryUrl(url: string): string {
  let text = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '');
  const scp = /^([^@/:]+@)?([^/:]+):(?!\/)(.*)$/.exec(text);
  if (scp) text = `ssh://${scp[1] ?? ''}${scp[2]!.toLowerCase()}/${scp[3]}`;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(text);
  return scheme ? `${scheme[1]!.toLowerCase()}://${scheme[2]!.toLowerCase()}${scheme[3]}` : text;
}

/** What the catalog's descriptive fields show of a release (the AWS API's view). */
export function detailsOfRelease(
  scope: string,
  name: string,
  metadata: SwiftReleaseMetadata,
  archive: CheckedArchive,
): VersionDetails {
  return {
    displayName: `${scope}.${name}`,
    ...(metadata.description ? { summary: metadata.description } : {}),
    ...(metadata.repositoryURLs?.[0] ? { sourceCodeRepository: metadata.repositoryURLs[0] } : {}),
    ...(metadata.licenseURL ? { licenses: [{ url: metadata.licenseURL }] } : {}),
    ...(archive.readme ? { readme: archive.readme } : {}),
    manifest: { metadata, manifests: archive.manifests },
  };
}
