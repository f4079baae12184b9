// A bound on JSON nesting, checked on the text before anything parses or walks it (QA M1). V8's JSON.parse
// copes with a million levels, but everything after it that recurses (validation, JSON.stringify of a value
// into a message or the Store) overflows the stack near 5,000: no request of any protocol needs more than a few.
export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of arrays and objects in a JSON text, scanning no further than `limit + 1` levels. */
export function jsonNestingExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
