// The compact index (rubygems/guides rubygems-org-compact-index-api.md), rendered from the catalog (/info kept behind the gem's stamp in
// registries/ruby/routes.ts):
//   /versions      `created_at: <time>`, `---`, then `name v1,v2-platform,… <md5 of /info/name>` per gem
//   /info/<gem>    `---`, then `version[-platform] dep:req&req,…|checksum:<sha256>,ruby:<req>,rubygems:<req>`
//   /names         `---`, then one name per line
// Bundler trusts /versions only while each line's MD5 is the MD5 of the /info body it serves (else it falls
// back to slower APIs), so /versions is always built from the very /info bodies this module renders.
import { createHash } from 'node:crypto';
import type { GemRequirement, Gemspec } from './gemspec.js';

/** One `.gem` of a version as the index needs it. */
export interface IndexedGem {
  version: string;
  spec: Pick<Gemspec, 'platform' | 'dependencies' | 'requiredRubyVersion' | 'requiredRubygemsVersion'>;
  sha256: string;
}

export const requirementText = (requirements: GemRequirement[]) =>
  requirements.map(([op, version]) => `${op} ${version}`).join('&');

/** A requirement other than the default `>= 0` (the index leaves those out). */
const meaningful = (requirements: GemRequirement[]) =>
  requirements.length > 0 &&
  !(requirements.length === 1 && requirements[0]![0] === '>=' && requirements[0]![1] === '0');

export const versionWithPlatform = (version: string, platform: string) =>
  platform === 'ruby' ? version : `${version}-${platform}`;

export function infoLine(gem: IndexedGem): string {
  const dependencies = gem.spec.dependencies
    .filter((d) => d.type === 'runtime')
    .map((d) => `${d.name}:${requirementText(d.requirements.length ? d.requirements : [['>=', '0']])}`)
    .join(',');
  const requirements = [`checksum:${gem.sha256}`];
  if (meaningful(gem.spec.requiredRubyVersion))
    requirements.push(`ruby:${requirementText(gem.spec.requiredRubyVersion)}`);
  if (meaningful(gem.spec.requiredRubygemsVersion))
    requirements.push(`rubygems:${requirementText(gem.spec.requiredRubygemsVersion)}`);
  return `${versionWithPlatform(gem.version, gem.spec.platform)} ${dependencies}|${requirements.join(',')}`;
}

/** The /info body of one gem, its gems in the order given (oldest first, as rubygems.org appends). */
export const infoBody = (gems: IndexedGem[]) => `---\n${gems.map((g) => `${infoLine(g)}\n`).join('')}`;

export const md5Hex = (body: string | Buffer) => createHash('md5').update(body).digest('hex');

export interface VersionsEntry {
  name: string;
  /** `version[-platform]` of each gem, in /info order. */
  versions: string[];
  infoMd5: string;
}

/** The /versions body; `createdAt` heads it (rubygems.org: when the file was last rebuilt). */
export function versionsBody(createdAt: Date, entries: VersionsEntry[]): string {
  const lines = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => `${e.name} ${e.versions.join(',')} ${e.infoMd5}\n`);
  return `created_at: ${createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}\n---\n${lines.join('')}`;
}

export const namesBody = (names: string[]) =>
  `---\n${[...names]
    .sort()
    .map((n) => `${n}\n`)
    .join('')}`;
