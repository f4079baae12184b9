// The GetAuthorizationToken token, in every shape a package manager sends it (formats.md §0.1):
// `Bearer <token>` (npm, gem push), `Basic base64(aws:<token>)` (pip — from the index URL's userinfo —, twine,
// Maven, NuGet, bundler), and a bare `<token>` with no scheme (cargo).
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return header.trim() || undefined;
  const scheme = header.slice(0, space);
  const value = header.slice(space + 1).trim();
  if (/^bearer$/i.test(scheme)) return value || undefined;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && decoded.slice(0, colon) === 'aws') return decoded.slice(colon + 1) || undefined;
  }
  return undefined;
}
