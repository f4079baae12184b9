// Maven's version order (ComparableVersion, simplified): versions split into numbers and qualifiers at `.`,
// `-` and digit/letter changes; numbers compare numerically, a missing part counts as 0 (or as the release),
// and the well-known qualifiers rank alpha < beta < milestone < rc < snapshot < (release) < sp; other
// qualifiers rank after them, alphabetically. So 1.0-alpha-1 < 1.0-rc1 < 1.0-SNAPSHOT < 1.0 < 1.0.1 < 1.10.
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = {
  a: 'alpha',
  b: 'beta',
  m: 'milestone',
  cr: 'rc',
  ga: '',
  final: '',
  release: '',
};

type Item = number | string;

function items(version: string): Item[] {
  const out: Item[] = [];
  for (const match of version.toLowerCase().matchAll(/\d+|[a-z]+/g)) {
    const token = match[0];
    out.push(/^\d/.test(token) ? Number(token) : (ALIASES[token] ?? token));
  }
  // Trailing zeros and release qualifiers say nothing: 1.0 = 1 = 1.0.0 = 1-ga.
  while (out.length > 0 && (out[out.length - 1] === 0 || out[out.length - 1] === '')) out.pop();
  return out;
}

const rank = (qualifier: string) => {
  const known = QUALIFIERS.indexOf(qualifier);
  return known >= 0 ? known : QUALIFIERS.length;
};

function compareItem(a: Item | undefined, b: Item | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // A number beats a qualifier or nothing (1.0.1 > 1.0-rc, 1.0.1 > 1.0); nothing sits at the release's rank.
  if (typeof a === 'number') return a === 0 && b === undefined ? 0 : 1;
  if (typeof b === 'number') return b === 0 && a === undefined ? 0 : -1;
  const qa = a ?? '';
  const qb = b ?? '';
  const byRank = rank(qa) - rank(qb);
  if (byRank !== 0 || rank(qa) < QUALIFIERS.length) return byRank;
  return qa < qb ? -1 : qa > qb ? 1 : 0;
}

export function compareMavenVersions(a: string, b: string): number {
  const x = items(a);
  const y = items(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const order = compareItem(x[i], y[i]);
    if (order !== 0) return order;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
