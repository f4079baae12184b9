// How text values become index keys and LIKE patterns; shared by the areas whose lists page by them.

/**
 * The natural-order key of a version: every run of digits left-padded to 12, so 1.10.0 sorts after 1.9.0
 * and keyset paging can use a plain index.
 */
export function versionSortKey(version: string): string {
  return version.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}

/** Escapes LIKE wildcards so a name prefix is matched literally. */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
