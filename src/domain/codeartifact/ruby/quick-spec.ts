// The quick gemspec, `quick/Marshal.4.8/<name>-<version>[-<platform>].gemspec.rz`: the Gem::Specification as
// Ruby Marshal (see marshal.ts), zlib-deflated. `gem install` fetches one for each gem it installs
// (Gem::Source#fetch_spec), even when it resolved through the compact index.
import { deflateSync } from 'node:zlib';
import type { GemRequirement, Gemspec } from './gemspec.js';
import { marshal, type RubyValue, sym } from './marshal.js';

const gemVersion = (version: string): RubyValue => ({ userMarshal: 'Gem::Version', value: [version] });

const gemRequirement = (requirements: GemRequirement[]): RubyValue => ({
  userMarshal: 'Gem::Requirement',
  value: [(requirements.length ? requirements : [['>=', '0'] as GemRequirement]).map(([op, v]) => [op, gemVersion(v)])],
});

/** The Gem::Specification#_dump array (RubyGems 3.3 specification.rb), field by field. */
export function specificationValue(spec: Gemspec): RubyValue {
  return {
    userDef: 'Gem::Specification',
    value: [
      spec.rubygemsVersion ?? '3.3.15',
      spec.specificationVersion,
      spec.name,
      gemVersion(spec.version),
      null, // date: RubyGems substitutes today
      spec.summary ?? null,
      gemRequirement(spec.requiredRubyVersion),
      gemRequirement(spec.requiredRubygemsVersion),
      spec.platform, // original_platform
      spec.dependencies.map(
        (d): RubyValue => ({
          object: 'Gem::Dependency',
          ivars: [
            ['@name', d.name],
            ['@requirement', gemRequirement(d.requirements)],
            ['@type', sym(d.type)],
            ['@prerelease', false],
            ['@version_requirements', gemRequirement(d.requirements)],
          ],
        }),
      ),
      '', // rubyforge_project
      spec.email.length === 1 ? spec.email[0]! : spec.email,
      spec.authors,
      spec.description ?? null,
      spec.homepage ?? null,
      true, // has_rdoc
      spec.platform, // new_platform (a String is accepted: `@platform = array[16].to_s`)
      spec.licenses,
      { hash: Object.entries(spec.metadata).map(([k, v]): [RubyValue, RubyValue] => [k, v]) },
    ],
  };
}

export const quickSpec = (spec: Gemspec): Buffer => deflateSync(marshal(specificationValue(spec)));
