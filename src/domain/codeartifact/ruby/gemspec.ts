// The gemspec inside a `.gem` (metadata.gz): YAML as Psych writes a Gem::Specification, with Ruby object tags
// (`!ruby/object:Gem::Specification`, `Gem::Version`, `Gem::Requirement`, `Gem::Dependency`, `Gem::Platform`).
// Read with the `yaml` library as plain data — a tag only names the mapping's class; nothing is executed or
// instantiated — with aliases bounded (a gemspec shares a requirement between `requirement` and
// `version_requirements`, nothing more). Then checked with RubyGems' own name and version rules, so a gem
// `gem build` would refuse is refused here too, with its message.
import { isMap, parseDocument, type Tags } from 'yaml';
import { invalid } from '../../shared/errors.js';

/** One requirement, `[op, version]`: `[">=", "2.7"]`. */
export type GemRequirement = [string, string];

export interface GemDependency {
  name: string;
  type: 'runtime' | 'development';
  requirements: GemRequirement[];
}

export interface Gemspec {
  name: string;
  version: string;
  /** `ruby` for a pure-Ruby gem, else e.g. `x86_64-linux`. */
  platform: string;
  summary?: string;
  description?: string;
  authors: string[];
  email: string[];
  homepage?: string;
  licenses: string[];
  metadata: Record<string, string>;
  dependencies: GemDependency[];
  requiredRubyVersion: GemRequirement[];
  requiredRubygemsVersion: GemRequirement[];
  rubygemsVersion?: string;
  specificationVersion: number;
}

// specification_policy.rb (RubyGems 3.3): VALID_NAME_PATTERN, "at least one letter", no leading . - _.
const NAME = /^[a-zA-Z0-9._-]+$/;
// version.rb: VERSION_PATTERN, anchored.
const VERSION = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const OPERATORS = new Set(['=', '!=', '>', '<', '>=', '<=', '~>']);
const PLATFORM = /^[a-zA-Z0-9._-]+$/;

/** Why RubyGems would refuse this gem name, or undefined when it is valid. */
export function gemNameProblem(name: string): string | undefined {
  if (!/[a-zA-Z]/.test(name)) return `"${name}" must include at least one letter`;
  if (!NAME.test(name)) return `"${name}" can only include letters, numbers, dashes, and underscores`;
  if (/^[._-]/.test(name)) return `"${name}" can not begin with a period, dash, or underscore`;
  return undefined;
}

export const isGemVersion = (version: string) => VERSION.test(version);

/** RubyGems' prerelease rule: a letter anywhere in the version (`1.0.0.pre`, `2.0.0-rc1`). */
export const isPrerelease = (version: string) => /[a-zA-Z]/.test(version);

const RUBY_CLASSES = [
  'Gem::Specification',
  'Gem::Version',
  'Gem::Requirement',
  'Gem::Version::Requirement',
  'Gem::Dependency',
  'Gem::Platform',
];

// Each Ruby object tag reads as the plain mapping it tags.
const rubyTags: Tags = RUBY_CLASSES.map((name) => ({
  tag: `!ruby/object:${name}`,
  collection: 'map' as const,
  resolve: (value: unknown) => value,
  identify: () => false,
}));

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

const texts = (v: unknown): string[] =>
  v === null || v === undefined
    ? []
    : Array.isArray(v)
      ? v.map(text).filter((s): s is string => s !== undefined)
      : [text(v)].filter((s): s is string => s !== undefined);

function versionOf(v: unknown, what: string): string {
  // Gem::Version.new turns `-` into `.pre.` ("1.0-rc1" is "1.0.pre.rc1"), as RubyGems stores it.
  const version = text(v !== null && typeof v === 'object' ? (v as { version?: unknown }).version : v)
    ?.trim()
    .replace(/-/g, '.pre.');
  if (version === undefined || !isGemVersion(version)) throw invalid(`The gemspec's ${what} is not a Gem::Version.`);
  return version;
}

function requirementOf(v: unknown, what: string): GemRequirement[] {
  if (v === null || v === undefined) return [];
  const list = (v as { requirements?: unknown }).requirements;
  if (!Array.isArray(list)) throw invalid(`The gemspec's ${what} is not a Gem::Requirement.`);
  return list.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !OPERATORS.has(String(pair[0])))
      throw invalid(`The gemspec's ${what} has a requirement that is not [operator, version].`);
    return [String(pair[0]), versionOf(pair[1], what)];
  });
}

/** Parses and checks a gemspec; a 400 naming the problem when RubyGems could not load it either. */
export function parseGemspec(yamlText: string): Gemspec {
  const doc = parseDocument(yamlText, { customTags: rubyTags, schema: 'core', uniqueKeys: false });
  if (doc.errors.length > 0) throw invalid(`The gemspec does not load: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (!isMap(doc.contents) || doc.contents.tag !== '!ruby/object:Gem::Specification')
    throw invalid('The gemspec does not load: metadata.gz is not a !ruby/object:Gem::Specification.');
  let spec: Record<string, unknown>;
  try {
    spec = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
  } catch (error) {
    throw invalid(`The gemspec does not load: ${(error as Error).message}`);
  }
  const name = text(spec.name);
  if (name === undefined) throw invalid('The gemspec has no name.');
  const nameProblem = gemNameProblem(name);
  if (nameProblem) throw invalid(`invalid value for attribute name: ${nameProblem}`);
  const version = versionOf(spec.version, 'version');
  const platformValue = spec.platform;
  const platform =
    text(platformValue) ??
    (platformValue && typeof platformValue === 'object'
      ? [
          (platformValue as Record<string, unknown>).cpu,
          (platformValue as Record<string, unknown>).os,
          (platformValue as Record<string, unknown>).version,
        ]
          .map(text)
          .filter(Boolean)
          .join('-')
      : 'ruby');
  if (!PLATFORM.test(platform)) throw invalid(`The gemspec's platform "${platform}" is not a platform name.`);
  const dependencies = (Array.isArray(spec.dependencies) ? spec.dependencies : []).map((d: unknown, i) => {
    const dep = (d ?? {}) as Record<string, unknown>;
    const depName = text(dep.name);
    if (depName === undefined || gemNameProblem(depName))
      throw invalid(`The gemspec's dependency #${i + 1} has no valid gem name.`);
    const type = text(dep.type) === ':development' ? 'development' : 'runtime';
    return { name: depName, type, requirements: requirementOf(dep.requirement, `dependency ${depName}`) } as const;
  });
  const metadata: Record<string, string> = {};
  if (spec.metadata && typeof spec.metadata === 'object' && !Array.isArray(spec.metadata)) {
    for (const [key, value] of Object.entries(spec.metadata)) {
      const v = text(value);
      if (v !== undefined) metadata[key] = v;
    }
  }
  const specificationVersion = Number(spec.specification_version ?? 4);
  return {
    name,
    version,
    platform: platform || 'ruby',
    summary: text(spec.summary),
    description: text(spec.description),
    authors: texts(spec.authors),
    email: texts(spec.email),
    homepage: text(spec.homepage),
    licenses: [...texts(spec.licenses), ...texts(spec.license)],
    metadata,
    dependencies,
    requiredRubyVersion: requirementOf(spec.required_ruby_version, 'required_ruby_version'),
    requiredRubygemsVersion: requirementOf(spec.required_rubygems_version, 'required_rubygems_version'),
    rubygemsVersion: text(spec.rubygems_version),
    specificationVersion: Number.isInteger(specificationVersion) ? specificationVersion : 4,
  };
}

/** The `.gem` file name RubyGems asks for: `name-version[-platform].gem`. */
export const gemFileName = (name: string, version: string, platform: string) =>
  `${name}-${version}${platform === 'ruby' ? '' : `-${platform}`}.gem`;
