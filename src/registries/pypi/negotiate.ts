// PEP 691 content negotiation for the simple index: the client's Accept header (q-values, wildcards) against
// the three forms Quiver serves. No Accept means `*/*`. Nothing acceptable → undefined (the caller's 406).
export const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';
export const SIMPLE_HTML = 'application/vnd.pypi.simple.v1+html';
export const TEXT_HTML = 'text/html';
export type SimpleForm = typeof SIMPLE_JSON | typeof SIMPLE_HTML | typeof TEXT_HTML;

/** `latest` names whatever the newest API version is: we answer it with v1, and say so in Content-Type. */
const ALIASES: Record<string, SimpleForm> = {
  'application/vnd.pypi.simple.latest+json': SIMPLE_JSON,
  'application/vnd.pypi.simple.latest+html': SIMPLE_HTML,
};

/** Server preference when the client's q-values tie: JSON when asked for by name, HTML for wildcards. */
const EXACT_ORDER: SimpleForm[] = [SIMPLE_JSON, SIMPLE_HTML, TEXT_HTML];
const WILDCARD_ORDER: SimpleForm[] = [TEXT_HTML, SIMPLE_HTML, SIMPLE_JSON];

interface Range {
  type: string;
  q: number;
}

function parseAccept(header: string | undefined): Range[] {
  if (header === undefined || header.trim() === '') return [{ type: '*/*', q: 1 }];
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!type) continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([0-9.]+)$/.exec(param);
      if (match) q = Math.min(1, Math.max(0, Number(match[1]) || 0));
    }
    ranges.push({ type: ALIASES[type!] ?? type!, q });
  }
  return ranges;
}

/** How well a range matches an offer: 3 exact, 2 `type/*`, 1 `*∕*`, 0 not at all. */
function specificity(range: string, offer: string): number {
  if (range === offer) return 3;
  if (range === '*/*') return 1;
  if (range.endsWith('/*') && offer.startsWith(range.slice(0, -1))) return 2;
  return 0;
}

export function negotiateSimple(accept: string | undefined): SimpleForm | undefined {
  const ranges = parseAccept(accept);
  let best: { form: SimpleForm; q: number; specificity: number; rank: number } | undefined;
  for (const form of EXACT_ORDER) {
    // The most specific range that matches an offer decides its q (RFC 9110 §12.5.1).
    let chosen: { q: number; specificity: number } | undefined;
    for (const range of ranges) {
      const s = specificity(range.type, form);
      if (s > 0 && (!chosen || s > chosen.specificity)) chosen = { q: range.q, specificity: s };
    }
    if (!chosen || chosen.q <= 0) continue;
    const rank = (chosen.specificity === 3 ? EXACT_ORDER : WILDCARD_ORDER).indexOf(form);
    if (
      !best ||
      chosen.q > best.q ||
      (chosen.q === best.q && chosen.specificity > best.specificity) ||
      (chosen.q === best.q && chosen.specificity === best.specificity && rank < best.rank)
    )
      best = { form, ...chosen, rank };
  }
  return best?.form;
}
