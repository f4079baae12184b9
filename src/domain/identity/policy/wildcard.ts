// IAM's wildcard matching: `*` is any run of characters (also none, also across `:` and `/`), `?` is one
// character. Actions match without regard to case; ARNs and condition values with it. A statement's patterns
// are compiled once, into one alternation, so evaluating a statement is one regular-expression test.
//
// Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"), in policies of Version
// 2012-10-17 only, in Resource/NotResource and in String and ARN condition values: `${aws:username}` is the
// request's value of that condition key (names without regard to case), `${key, 'default'}` falls back to the
// default (`''` inside it is one quote), and `${*}`, `${?}`, `${$}` are a literal `*`, `?`, `$`. A substituted
// value is literal text, never a wildcard. A key the request lacks (or a multivalued one) with no default
// leaves the pattern matching nothing — IAM's "a variable with no value has no equal". Patterns without a
// variable compile once as before; a pattern with one is compiled per distinct substituted form (cached).
import { invalid } from '../../shared/errors.js';

/** One piece of a parsed pattern. */
export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'any' }
  | { kind: 'one' }
  | { kind: 'variable'; key: string; fallback?: string };

/** The request's value of a (lower-cased) condition key, as a variable sees it: one string, or none. */
export type VariableLookup = (key: string) => string | undefined;

export interface TokenizeOptions {
  /** `*` and `?` are wildcards (Resource, StringLike, Arn*), else literal (StringEquals). */
  wildcards: boolean;
  /** `${…}` is a policy variable (Version 2012-10-17), else literal text. */
  variables: boolean;
}

// `${` name [, 'default'] `}`; the name is a condition key (`aws:username`, `aws:PrincipalTag/team`) or one of * ? $.
const VARIABLE = /\$\{\s*([^}'\s,]*)\s*(?:,\s*'((?:[^']|'')*)'\s*)?\}/y;
const KEY = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.:/+=@-]+$/;

/** Splits a pattern into text, wildcards and variables; a malformed `${…}` is refused with the problem named. */
export function tokenize(pattern: string, options: TokenizeOptions): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (options.variables && char === '$' && pattern[i + 1] === '{') {
      VARIABLE.lastIndex = i;
      const match = VARIABLE.exec(pattern);
      const name = match?.[1] ?? '';
      if (!match || (!KEY.test(name) && !['*', '?', '$'].includes(name)))
        throw invalid(
          `'${pattern}' has a malformed policy variable at '${pattern.slice(i, i + 24)}': write \${aws:username} (or \${key, 'default'}), or \${$} for a literal $`,
        );
      if (['*', '?', '$'].includes(name)) text += name;
      else {
        flush();
        const fallback = match[2]?.replace(/''/g, "'");
        tokens.push({ kind: 'variable', key: name.toLowerCase(), ...(fallback === undefined ? {} : { fallback }) });
      }
      i += match[0].length - 1;
    } else if (options.wildcards && (char === '*' || char === '?')) {
      flush();
      tokens.push({ kind: char === '*' ? 'any' : 'one' });
    } else text += char;
  }
  flush();
  return tokens;
}

const escapeText = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A regular-expression source for tokens; undefined when a variable has no value and no default. */
function sourceOf(tokens: Token[], lookup?: VariableLookup): string | undefined {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'text') out += escapeText(token.text);
    else if (token.kind === 'any') out += '.*';
    else if (token.kind === 'one') out += '.';
    else {
      const value = lookup?.(token.key) ?? token.fallback;
      if (value === undefined) return undefined;
      out += escapeText(value);
    }
  }
  return out;
}

const hasVariable = (tokens: Token[]) => tokens.some((token) => token.kind === 'variable');
const plainText = (tokens: Token[]) =>
  tokens.every((token) => token.kind === 'text')
    ? tokens.map((token) => (token as { text: string }).text).join('')
    : undefined;

const dynamic = new Map<string, RegExp>();
function regexFor(source: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${source}`;
  let re = dynamic.get(key);
  if (!re) {
    if (dynamic.size > 10_000) dynamic.clear();
    re = new RegExp(`^(?:${source})$`, ignoreCase ? 'is' : 's');
    dynamic.set(key, re);
  }
  return re;
}

/** Whether a value matches parsed tokens, with variables substituted from `lookup`. */
export function tokensMatch(tokens: Token[], value: string, lookup: VariableLookup, ignoreCase = false): boolean {
  const source = sourceOf(tokens, lookup);
  return source !== undefined && regexFor(source, ignoreCase).test(value);
}

export interface PatternSet {
  /** The set holds a bare `*`. */
  star: boolean;
  /** Whether a value matches one of the patterns (a bare `*` included). */
  test(value: string, lookup?: VariableLookup): boolean;
  /** Whether a value matches one of the patterns other than a bare `*`. */
  testNamed(value: string, lookup?: VariableLookup): boolean;
}

/** Compiles a list of IAM patterns; `ignoreCase` for actions, `variables` for a 2012-10-17 policy's resources. */
export function patternSet(patterns: string[], ignoreCase: boolean, variables = false): PatternSet {
  const star = patterns.includes('*');
  const parsed = patterns
    .filter((pattern) => pattern !== '*')
    .map((pattern) => tokenize(ignoreCase ? pattern.toLowerCase() : pattern, { wildcards: true, variables }));
  const withVariables = parsed.filter(hasVariable);
  const fixed = parsed.filter((tokens) => !hasVariable(tokens));
  const exact = new Set(fixed.map(plainText).filter((text): text is string => text !== undefined));
  const wild = fixed.filter((tokens) => plainText(tokens) === undefined);
  const re = wild.length ? new RegExp(`^(?:${wild.map((tokens) => sourceOf(tokens)).join('|')})$`, 's') : undefined;
  const testNamed = (value: string, lookup?: VariableLookup) => {
    const v = ignoreCase ? value.toLowerCase() : value;
    if (exact.has(v) || (re?.test(v) ?? false)) return true;
    return lookup !== undefined && withVariables.some((tokens) => tokensMatch(tokens, v, lookup));
  };
  return { star, testNamed, test: (value, lookup) => star || testNamed(value, lookup) };
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
