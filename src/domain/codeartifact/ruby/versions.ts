// Gem::Version order (RubyGems version.rb `<=>`): split into numeric and alphabetic segments (`1.0.0.pre2` →
// 1, 0, 0, "pre", 2), drop trailing zeros of the release part, compare segment by segment, a string segment
// sorting before a number (so `1.0.a` < `1.0`).
type Segment = number | string;

function segments(version: string): Segment[] {
  const parts = (version.match(/[0-9]+|[a-z]+/gi) ?? []).map((s): Segment => (/^[0-9]/.test(s) ? Number(s) : s));
  // canonical_segments: trailing zeros before any prerelease part are insignificant.
  const firstString = parts.findIndex((p) => typeof p === 'string');
  const release = firstString < 0 ? parts : parts.slice(0, firstString);
  const pre = firstString < 0 ? [] : parts.slice(firstString);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return [...release, ...pre];
}

export function compareGemVersions(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i] ?? 0;
    const r = y[i] ?? 0;
    if (l === r) continue;
    if (typeof l === 'string' && typeof r === 'number') return -1;
    if (typeof l === 'number' && typeof r === 'string') return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}
