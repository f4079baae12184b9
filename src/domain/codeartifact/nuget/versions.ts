// NuGet versions (learn.microsoft.com/nuget/concepts/package-versioning): `Major.Minor[.Patch[.Revision]]`,
// an optional SemVer 2.0 prerelease label and build metadata. CodeArtifact stores the *normalised* form
// (UG:nuget-name-normalization, NuGet's "Normalized version numbers"): leading zeros dropped (`1.01.1` → `1.1.1`),
// a missing patch becomes 0 (`1.0` → `1.0.0`), a Revision of 0 dropped (`1.0.0.0` → `1.0.0`), build metadata
// dropped (`1.0.7+r3456` → `1.0.7`). NuGet compares versions case-insensitively and ignores build metadata.
import { invalid } from '../../shared/errors.js';

export interface NugetVersion {
  parts: [number, number, number, number];
  /** The prerelease label, without `-`; '' for a release. */
  prerelease: string;
  /** Build metadata, without `+`; '' when absent. */
  metadata: string;
}

const IDENTIFIER = '[0-9A-Za-z-]+';
const VERSION = new RegExp(
  `^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?$`,
);
/** NuGet keeps each part in an Int32. */
const MAX_PART = 2_147_483_647;

export function parseNugetVersion(text: string): NugetVersion | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const numbers = [match[1], match[2], match[3], match[4]].map((p) => (p === undefined ? 0 : Number(p)));
  if (match[2] === undefined) return undefined; // NuGet needs at least Major.Minor
  if (numbers.some((n) => !Number.isSafeInteger(n) || n > MAX_PART)) return undefined;
  return {
    parts: numbers as NugetVersion['parts'],
    prerelease: match[5] ?? '',
    metadata: match[6] ?? '',
  };
}

/** The normalised version as CodeArtifact stores it (no build metadata), or a 400 naming the problem. */
export function normalizeNugetVersion(text: string): string {
  const parsed = parseNugetVersion(text);
  if (!parsed)
    throw invalid(
      `Invalid NuGet version "${text}": a version is Major.Minor[.Patch[.Revision]] with an optional ` +
        '-prerelease label and +metadata (e.g. 1.0.0, 2.1.0-beta.1).',
    );
  return formatVersion(parsed, false);
}

export function formatVersion(v: NugetVersion, withMetadata: boolean): string {
  const [major, minor, patch, revision] = v.parts;
  return (
    `${major}.${minor}.${patch}${revision > 0 ? `.${revision}` : ''}` +
    (v.prerelease ? `-${v.prerelease}` : '') +
    (withMetadata && v.metadata ? `+${v.metadata}` : '')
  );
}

/** SemVer 2.0.0 packages (a dotted prerelease label or build metadata) are hidden from clients that do not opt in. */
export const isSemVer2 = (v: NugetVersion) => v.prerelease.includes('.') || v.metadata !== '';

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1; // a release sorts after its prereleases
  if (b === '') return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const d = Number(x) - Number(y);
      if (d !== 0) return Math.sign(d);
    } else if (xn !== yn) return xn ? -1 : 1;
    else {
      const d = x.toLowerCase().localeCompare(y.toLowerCase(), 'en');
      if (d !== 0) return d;
    }
  }
  return 0;
}

export function compareNugetVersions(a: NugetVersion, b: NugetVersion): number {
  for (let i = 0; i < 4; i++) {
    const d = a.parts[i]! - b.parts[i]!;
    if (d !== 0) return Math.sign(d);
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

/** Compares stored (normalised) version strings; an unparsable one (not stored by a NuGet publish) sorts first. */
export function compareNugetVersionStrings(a: string, b: string): number {
  const x = parseNugetVersion(a);
  const y = parseNugetVersion(b);
  if (!x || !y) return x ? 1 : y ? -1 : a < b ? -1 : a > b ? 1 : 0;
  return compareNugetVersions(x, y);
}

/**
 * A dependency's version range, normalised as nuget.org's registration shows it: a bare version `1.0` means
 * `>= 1.0` and becomes `[1.0.0, )`; bracketed ranges keep their brackets with normalised bounds. A 400 for a
 * range NuGet would not parse.
 */
export function normalizeVersionRange(text: string): string {
  const range = text.trim();
  if (range === '') return '(, )';
  const bad = () =>
    invalid(`Invalid NuGet version range "${text}": use a version (1.0), [1.0], [1.0, 2.0), (, 2.0] and the like.`);
  if (!/^[[(]/.test(range)) {
    const v = parseNugetVersion(range);
    if (!v) throw bad();
    return `[${formatVersion(v, false)}, )`;
  }
  const open = range[0]!;
  const close = range[range.length - 1]!;
  if (close !== ']' && close !== ')') throw bad();
  const inner = range.slice(1, -1).split(',');
  if (inner.length > 2) throw bad();
  const bound = (s: string | undefined) => {
    const t = (s ?? '').trim();
    if (t === '') return '';
    const v = parseNugetVersion(t);
    if (!v) throw bad();
    return formatVersion(v, false);
  };
  if (inner.length === 1) {
    // `[1.0]` is an exact version; `(1.0)` means nothing.
    const exact = bound(inner[0]);
    if (open !== '[' || close !== ']' || exact === '') throw bad();
    return `[${exact}]`;
  }
  return `${open}${bound(inner[0])}, ${bound(inner[1])}${close}`;
}
