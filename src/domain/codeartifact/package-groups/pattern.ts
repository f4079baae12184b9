// Package group patterns, as CodeArtifact's user guide defines them ("Package group definition syntax and
// matching behavior"): a package path `/format/namespace/name` with the unspecified components left out and a
// suffix saying how the last one matches — `$` exactly, `~` as a prefix, `*` (after a slash) any value of the next
// component. The six legal forms, and what each one parses to:
//   /*                          every package                      level 'all'
//   /npm/*                      one format                         level 'format'
//   /maven/com.anycompany~      a namespace prefix                 level 'namespace-prefix'
//   /npm/space/*                one namespace ('' = none: /pypi//*) level 'namespace'
//   /npm/space/anycompany-ui~   a name prefix in one namespace     level 'name-prefix'
//   /maven/org.apache/log4j$    one package                        level 'name'
// Patterns name packages as they are stored: normalised names (PEP 503 for PyPI), through each format object.
import { invalid } from '../../shared/errors.js';
import { formatOf } from '../formats/index.js';

export type PatternLevel = 'all' | 'format' | 'namespace-prefix' | 'namespace' | 'name-prefix' | 'name';

export interface GroupPattern {
  /** The pattern as written: the group's identifier. */
  text: string;
  level: PatternLevel;
  format?: string;
  namespace?: string;
  name?: string;
}

export interface PackagePath {
  format: string;
  namespace: string;
  name: string;
}

export type AssociationType = 'STRONG' | 'WEAK';

export const ROOT_PATTERN = '/*';

const LEVELS: readonly PatternLevel[] = ['all', 'format', 'namespace-prefix', 'namespace', 'name-prefix', 'name'];

const bad = (field: string, text: string, why: string) =>
  invalid(`Invalid package group pattern '${text}' in ${field}: ${why}`);

/** Parses a pattern; a ValidationException naming `field` when it is none of the six forms. */
export function parsePattern(text: string, field = 'packageGroup'): GroupPattern {
  if (text === ROOT_PATTERN) return { text, level: 'all' };
  if (!text.startsWith('/'))
    throw bad(field, text, "it must start with '/' (for example /npm/*, /npm/space/*, /npm/space/name$).");
  const suffix = text.at(-1);
  let parts: string[];
  let level: PatternLevel;
  if (suffix === '*') {
    if (!text.endsWith('/*')) throw bad(field, text, "'*' must follow a '/' and match a whole component.");
    parts = text.slice(1, -2).split('/');
    if (parts.length === 1) level = 'format';
    else if (parts.length === 2) level = 'namespace';
    else throw bad(field, text, "'*' may follow the format or the namespace only.");
  } else if (suffix === '~') {
    parts = text.slice(1, -1).split('/');
    if (parts.length === 2) level = 'namespace-prefix';
    else if (parts.length === 3) level = 'name-prefix';
    else throw bad(field, text, "'~' may end a namespace or a name only.");
  } else if (suffix === '$') {
    parts = text.slice(1, -1).split('/');
    if (parts.length !== 3) throw bad(field, text, "'$' ends a full /format/namespace/name path.");
    level = 'name';
  } else {
    throw bad(field, text, "it must end with '$' (exact), '~' (prefix) or '/*' (every value).");
  }
  const [formatName, namespace, name] = parts as [string, string | undefined, string | undefined];
  if (formatName === '') throw bad(field, text, 'the format is empty.');
  for (const part of parts)
    if (/[*~$]/.test(part)) throw bad(field, text, "'*', '~' and '$' may appear only as the final suffix.");
  let format: ReturnType<typeof formatOf>;
  try {
    format = formatOf(formatName);
  } catch {
    throw bad(
      field,
      text,
      `'${formatName}' is not a package format (npm, pypi, maven, nuget, generic, ruby, swift, cargo).`,
    );
  }
  if (namespace !== undefined) {
    if (format.namespace === 'none' && namespace !== '')
      throw bad(field, text, `${formatName} packages have no namespace: leave it empty (/${formatName}//name$).`);
    if (level === 'namespace-prefix' && namespace === '') throw bad(field, text, 'the namespace prefix is empty.');
    if (format.namespace === 'required' && name !== undefined && namespace === '')
      throw bad(field, text, `${formatName} packages have a namespace: a pattern naming a package must include it.`);
  }
  if (name !== undefined) {
    if (name === '') throw bad(field, text, 'the name is empty.');
    if (format.normalizeName(name) !== name)
      throw bad(field, text, `use the normalised ${formatName} name '${format.normalizeName(name)}'.`);
  }
  return { text, level, format: formatName, namespace, name };
}

const storedPatterns = new Map<string, GroupPattern>();

/**
 * A stored group's pattern, parsed (it was valid when stored). A pattern's meaning is a pure function of its text,
 * so parses are kept (a bounded map, emptied when full): the origin check runs on every publish.
 */
export function storedPattern(text: string): GroupPattern {
  let parsed = storedPatterns.get(text);
  if (!parsed) {
    if (storedPatterns.size >= 10_000) storedPatterns.clear();
    parsed = parsePattern(text);
    storedPatterns.set(text, parsed);
  }
  return parsed;
}

/**
 * A prefix match is STRONG when it ends at a word boundary (the prefix ends with, or the rest starts with, a
 * character that is not a letter or digit, or nothing is left) and WEAK otherwise: `anycompany-ui~` matches
 * `anycompany-ui-components` strongly and `anycompany-uikit` weakly.
 */
function prefixStrength(value: string, prefix: string): AssociationType | undefined {
  if (!value.startsWith(prefix)) return undefined;
  const rest = value.slice(prefix.length);
  return rest === '' || /[^\p{L}\p{N}]$/u.test(prefix) || /^[^\p{L}\p{N}]/u.test(rest) ? 'STRONG' : 'WEAK';
}

/** Whether a package belongs to what the pattern names (not yet: whether it is the most specific one). */
export function matchPackage(p: GroupPattern, pkg: PackagePath): AssociationType | undefined {
  if (p.level === 'all') return 'STRONG';
  if (p.format !== pkg.format) return undefined;
  switch (p.level) {
    case 'format':
      return 'STRONG';
    case 'namespace-prefix':
      return prefixStrength(pkg.namespace, p.namespace!);
    case 'namespace':
      return pkg.namespace === p.namespace ? 'STRONG' : undefined;
    case 'name-prefix':
      return pkg.namespace === p.namespace ? prefixStrength(pkg.name, p.name!) : undefined;
    case 'name':
      return pkg.namespace === p.namespace && pkg.name === p.name ? 'STRONG' : undefined;
  }
}

/**
 * Orders patterns from least to most specific. The groups a package matches always form one chain (each
 * contains the next), so the most specific one is the last of them, and the same order finds a group's parent.
 */
export function compareSpecificity(a: GroupPattern, b: GroupPattern): number {
  const level = LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level);
  if (level !== 0) return level;
  const length = (p: GroupPattern) =>
    p.level === 'namespace-prefix' ? p.namespace!.length : p.level === 'name-prefix' ? p.name!.length : 0;
  return length(a) - length(b) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

/** Whether every package `inner` names is also named by `outer`, and outer names more (outer is an ancestor). */
export function contains(outer: GroupPattern, inner: GroupPattern): boolean {
  if (outer.text === inner.text) return false;
  if (outer.level === 'all') return true;
  if (inner.level === 'all' || outer.format !== inner.format) return false;
  switch (outer.level) {
    case 'format':
      return true;
    case 'namespace-prefix':
      return inner.level !== 'format' && inner.namespace!.startsWith(outer.namespace!);
    case 'namespace':
      return (inner.level === 'name-prefix' || inner.level === 'name') && inner.namespace === outer.namespace;
    case 'name-prefix':
      return (
        (inner.level === 'name-prefix' || inner.level === 'name') &&
        inner.namespace === outer.namespace &&
        inner.name!.startsWith(outer.name!)
      );
    case 'name':
      return false;
  }
}
