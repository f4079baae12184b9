// What RubyGems' older index APIs read, as Ruby Marshal (see marshal.ts): the quick gemspec
// (`quick/Marshal.4.8/<name>-<version>[-<platform>].gemspec.rz`, zlib-deflated; `gem install` fetches it
// for each gem it installs, Gem::Source#fetch_spec) and the spec lists (`specs.4.8.gz` and friends: arrays of
// `[name, Gem::Version, platform]`, gzipped).
import { deflateSync, gzipSync } from 'node:zlib';
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

/** `specs.4.8.gz` and its siblings: `[[name, Gem::Version, platform], …]`. */
export const specList = (tuples: { name: string; version: string; platform: string }[]): Buffer =>
  gzipSync(marshal(tuples.map((t) => [t.name, gemVersion(t.version), t.platform])));
