// IAM's wildcard matching: `*` is any run of characters (also none, also across `:` and `/`), `?` is one
// character. Actions match without regard to case; ARNs and condition values with it. A statement's patterns
// are compiled once, into one alternation, so evaluating a statement is one regular-expression test.

const escapeChar = (char: string) => char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const source = (pattern: string) =>
  [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeChar(char))).join('');

export interface PatternSet {
  /** The set holds a bare `*`. */
  star: boolean;
  /** Whether a value matches one of the patterns (a bare `*` included). */
  test(value: string): boolean;
  /** Whether a value matches one of the patterns other than a bare `*`. */
  testNamed(value: string): boolean;
}

/** Compiles a list of IAM patterns; `ignoreCase` for actions. */
export function patternSet(patterns: string[], ignoreCase: boolean): PatternSet {
  const star = patterns.includes('*');
  const named = patterns.filter((pattern) => pattern !== '*').map((p) => (ignoreCase ? p.toLowerCase() : p));
  const exact = new Set(named.filter((pattern) => !/[*?]/.test(pattern)));
  const wild = named.filter((pattern) => /[*?]/.test(pattern));
  const re = wild.length ? new RegExp(`^(?:${wild.map(source).join('|')})$`, 's') : undefined;
  const testNamed = (value: string) => {
    const v = ignoreCase ? value.toLowerCase() : value;
    return exact.has(v) || (re?.test(v) ?? false);
  };
  return { star, testNamed, test: (value) => star || testNamed(value) };
}

const compiled = new Map<string, PatternSet>();

/** One pattern against one value (condition operators; cached, policies reuse few patterns). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let set = compiled.get(key);
  if (!set) {
    if (compiled.size > 10_000) compiled.clear();
    set = patternSet([pattern], ignoreCase);
    compiled.set(key, set);
  }
  return set.test(value);
}
