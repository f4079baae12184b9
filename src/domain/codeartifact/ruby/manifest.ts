// What a Ruby version keeps of its gems: one `.gem` per platform, each with its gemspec, in the version's manifest
// (`gems[platform]`), and the version's AWS-visible details taken from them; and how a `.gem` file name reads
// back into (name, version, platform) when names and platforms may both hold dashes.
import type { VersionDetails } from '../../../store/records.js';
import { type Gemspec, gemNameProblem, isGemVersion } from './gemspec.js';

/** One platform's `.gem` of a version, as the version's manifest keeps it. */
export interface StoredGem {
  file: string;
  spec: Gemspec;
}

export const gemsOf = (details: VersionDetails): Record<string, StoredGem> =>
  (details.manifest?.gems as Record<string, StoredGem> | undefined) ?? {};

export function detailsOf(spec: Gemspec, file: string, existing?: VersionDetails): VersionDetails {
  const gems = { ...gemsOf(existing ?? {}), [spec.platform]: { file, spec } };
  // The version's description comes from its pure-Ruby gem when it has one, else from the first pushed.
  const lead = gems.ruby?.spec ?? (existing ? Object.values(gemsOf(existing))[0]?.spec : undefined) ?? spec;
  return {
    summary: lead.summary,
    homePage: lead.homepage,
    sourceCodeRepository: lead.metadata.source_code_uri,
    licenses: lead.licenses.map((name) => ({ name })),
    dependencies: lead.dependencies.map((d) => ({
      package: d.name,
      dependencyType: d.type,
      versionRequirement: d.requirements.map(([op, v]) => `${op} ${v}`).join(', '),
    })),
    manifest: { gems },
  };
}

/** `demo-1.0.gem`, `demo-1.0-x86_64-linux.gem` → every (name, version, platform) reading, most likely first. */
export function readingsOf(base: string): { name: string; version: string; platform: string }[] {
  const out: { name: string; version: string; platform: string }[] = [];
  // Each reading costs a lookup: a file name with more dashes than any real gem's is read at its first few.
  for (let i = base.indexOf('-'); i > 0 && out.length < 8; i = base.indexOf('-', i + 1)) {
    const name = base.slice(0, i);
    const rest = base.slice(i + 1);
    const dash = rest.indexOf('-');
    const version = dash < 0 ? rest : rest.slice(0, dash);
    const platform = dash < 0 ? 'ruby' : rest.slice(dash + 1);
    if (!gemNameProblem(name) && isGemVersion(version) && platform) out.push({ name, version, platform });
  }
  return out;
}
