// The botocore models carry AWS's server-side patterns, which are Java regular expressions
// (java.util.regex, without UNICODE_CHARACTER_CLASS). JavaScript reads most of them alike, but not all:
//   - POSIX classes `\p{Graph}`, `\p{Cntrl}`, `\p{Upper}`, `\p{Digit}`, … (US-ASCII in Java) are unknown to JS;
//   - `\p{IsWhitespace}` (Java's `Is` prefix for binary properties) is `\p{White_Space}` in JS;
//   - `\s` is ASCII whitespace in Java but Unicode whitespace in JS (so `[^#/\s]+` would differ on U+00A0);
//   - Java lets any non-alphanumeric character be escaped (`\_`), which JS's `u` mode refuses.
// This translates a Java pattern into an equivalent JS source for the `u` flag, so AWS's constraint holds
// exactly: `[^\p{C}\p{IsWhitespace}]+` (PackageGroupPattern) accepts `/npm/*` and refuses a space.

export class JavaPatternError extends Error {}

type Range = [number, number];

const MAX_CODE_POINT = 0x10ffff;

// Java's POSIX character classes (US-ASCII only by default), as code-point ranges.
const POSIX: Record<string, Range[]> = {
  Lower: [[0x61, 0x7a]],
  Upper: [[0x41, 0x5a]],
  ASCII: [[0x00, 0x7f]],
  Alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  Digit: [[0x30, 0x39]],
  Alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  Punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  Graph: [[0x21, 0x7e]],
  Print: [[0x20, 0x7e]],
  Blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  Cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  XDigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
  Space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
};

// Java's `Is…` binary properties and categories, by their JS (ECMAScript) property names.
const IS_PROPERTIES: Record<string, string> = {
  Whitespace: 'White_Space',
  White_Space: 'White_Space',
  Alphabetic: 'Alphabetic',
  Letter: 'L',
  Digit: 'Nd',
  Uppercase: 'Uppercase',
  Lowercase: 'Lowercase',
  Punctuation: 'P',
  Control: 'Cc',
  Hex_Digit: 'Hex_Digit',
  HexDigit: 'Hex_Digit',
  Ideographic: 'Ideographic',
  Emoji: 'Emoji',
};

const JAVA_WHITESPACE: Range[] = POSIX.Space!; // `\s` without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r]

function complement(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let next = 0;
  for (const [low, high] of sorted) {
    if (low > next) out.push([next, low - 1]);
    next = Math.max(next, high + 1);
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

const codePoint = (value: number) => `\\u{${value.toString(16)}}`;
const rangesSource = (ranges: Range[]) =>
  ranges.map(([low, high]) => (low === high ? codePoint(low) : `${codePoint(low)}-${codePoint(high)}`)).join('');

/** A class escape as JS class content (to sit inside `[…]`): a property escape, or explicit ranges. */
function classEscape(name: string, negated: boolean, pattern: string): string {
  if (POSIX[name]) return rangesSource(negated ? complement(POSIX[name]) : POSIX[name]);
  const property = name.startsWith('Is')
    ? (IS_PROPERTIES[name.slice(2)] ?? name.slice(2)) // \p{IsL}, \p{IsLatin}: categories and scripts
    : name;
  if (name.startsWith('In')) throw new JavaPatternError(`Unicode blocks (\\p{${name}}) are not supported: ${pattern}`);
  const source = `\\${negated ? 'P' : 'p'}{${property}}`;
  try {
    new RegExp(source, 'u');
  } catch {
    throw new JavaPatternError(`unknown character class \\p{${name}} in ${pattern}`);
  }
  return source;
}

// Escapes whose meaning JS (u mode) shares with Java.
// (Not \v: Java's is a class of vertical whitespace; not \0: Java's is an octal escape.)
const SAME_ESCAPES = new Set(['d', 'D', 'w', 'W', 'b', 'B', 'n', 't', 'r', 'f']);
// Characters JS (u mode) lets be escaped (`-` only inside a class); any other escaped non-alphanumeric
// character is just that character.
const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

/** The JS (`u` flag) source with the same meaning as a Java `java.util.regex` pattern. */
export function javaPatternToJs(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '[') {
      if (inClass) {
        out += '\\['; // Java nests classes; the models never do, so a `[` inside one is literal
        continue;
      }
      inClass = true;
      out += char;
      if (pattern[index + 1] === '^') out += pattern[++index];
      if (pattern[index + 1] === ']') out += `\\${pattern[++index]}`; // `[]…]`: a leading ] is literal in Java
      continue;
    }
    if (char === ']' && inClass) {
      inClass = false;
      out += char;
      continue;
    }
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = pattern[++index];
    if (next === undefined) throw new JavaPatternError(`trailing backslash in ${pattern}`);
    if (next === 'p' || next === 'P') {
      let name: string;
      if (pattern[index + 1] === '{') {
        const close = pattern.indexOf('}', index);
        if (close === -1) throw new JavaPatternError(`unclosed \\${next}{ in ${pattern}`);
        name = pattern.slice(index + 2, close);
        index = close;
      } else {
        name = pattern[++index] ?? ''; // \pL
      }
      const content = classEscape(name, next === 'P', pattern);
      out += inClass || content.startsWith('\\p') || content.startsWith('\\P') ? content : `[${content}]`;
      continue;
    }
    if (next === 's' || next === 'S') {
      const content = rangesSource(next === 's' ? JAVA_WHITESPACE : complement(JAVA_WHITESPACE));
      out += inClass ? content : `[${content}]`;
      continue;
    }
    if (next === 'x' || next === 'u') {
      // \xhh and \uhhhh read alike; Java's \x{h…} is JS's \u{h…}
      if (next === 'x' && pattern[index + 1] === '{') {
        const close = pattern.indexOf('}', index);
        out += `\\u${pattern.slice(index + 1, close + 1)}`;
        index = close;
      } else {
        out += `\\${next}`;
      }
      continue;
    }
    if (SAME_ESCAPES.has(next)) {
      out += `\\${next}`;
      continue;
    }
    if (/[A-Za-z0-9]/.test(next)) throw new JavaPatternError(`unsupported escape \\${next} in ${pattern}`);
    out += JS_SYNTAX.has(next) || (next === '-' && inClass) ? `\\${next}` : next;
  }
  return out;
}
