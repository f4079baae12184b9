// Crate names as cargo and crates.io apply them: ASCII letters, digits, `-` and `_`, a letter first, at most 64
// characters. Names are case-insensitive (the sparse index files live at the lowercased name, and crates.io
// refuses `Serde` beside `serde`), and `-`/`_` are interchangeable for uniqueness (`foo-bar` and `foo_bar`
// cannot both exist). Quiver stores a crate under its lowercased name — the key AWS calls use — keeps the
// spelling of its first publish in the index lines, and refuses a second crate whose canonical form collides.
export const CRATE_NAME_MAX = 64;

/** Why cargo (and crates.io) would refuse this crate name; undefined when it is a valid name. */
export function crateNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the crate name is empty';
  if (name.length > CRATE_NAME_MAX) return `the crate name is longer than ${CRATE_NAME_MAX} characters`;
  if (!/^[A-Za-z]/.test(name)) return `the crate name "${name}" must start with an ASCII letter`;
  const bad = /[^A-Za-z0-9_-]/.exec(name);
  if (bad)
    return `the crate name "${name}" contains "${bad[0]}": only ASCII letters, digits, \`-\` and \`_\` are allowed`;
  return undefined;
}

export const isCrateName = (name: string) => crateNameProblem(name) === undefined;

/** The stored form: what the catalog, AWS calls and ARNs use. */
export const crateKey = (name: string) => name.toLowerCase();

/** The form two names are compared in for uniqueness: lowercased, `_` read as `-`. */
export const canonicalCrateName = (name: string) => name.toLowerCase().replace(/_/g, '-');

/** The characters of a name before its first `-` or `_`: every spelling of a canonical name shares them. */
export const separatorFreePrefix = (name: string) => crateKey(name).split(/[-_]/, 1)[0]!;

/** Where the sparse index keeps a crate's file: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…` (lowercased). */
export function indexPath(name: string): string {
  const n = crateKey(name);
  if (n.length === 1) return `1/${n}`;
  if (n.length === 2) return `2/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}
