// IAM's wildcard matching: `*` is any run of characters (also none, also across `:` and `/`), `?` is one
// character. Actions match without regard to case; ARNs and condition values with it.

const compiled = new Map<string, RegExp>();

/** A matcher for one IAM wildcard pattern (cached: policies reuse a few patterns many times). */
export function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    const source = [...pattern]
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su');
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

export const wildcardMatch = (pattern: string, value: string, ignoreCase = false): boolean =>
  pattern === '*' ||
  (pattern.includes('*') || pattern.includes('?')
    ? wildcardRegExp(pattern, ignoreCase).test(value)
    : ignoreCase
      ? pattern.toLowerCase() === value.toLowerCase()
      : pattern === value);
