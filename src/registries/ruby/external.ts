// The gem server behind the `public:rubygems` external connection: rubygems.org by default, or any server with
// a compact index (QUIVER_RUBYGEMS_URL — another Quiver, a Gemstash, a mirror; `https://user:password@host/…`
// credentials are sent as Basic auth, since fetch refuses URLs that carry them).
import type { ExternalRubygems } from '../../domain/codeartifact/ruby.js';

const TIMEOUT_MS = 30_000;

export function httpRubygems(serverUrl: string): ExternalRubygems {
  const url = new URL(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
  url.username = '';
  url.password = '';
  const base = url.toString();
  async function get(path: string): Promise<Buffer | undefined> {
    const response = await fetch(`${base}${path}`, {
      headers: authorization ? { authorization } : {},
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 404) {
      await response.arrayBuffer();
      return undefined;
    }
    if (!response.ok) throw new Error(`The external gem server answered ${response.status} for ${path}.`);
    return Buffer.from(await response.arrayBuffer());
  }
  return {
    versions: async () => (await get('versions'))?.toString('utf8'),
    info: async (name) => (await get(`info/${encodeURIComponent(name)}`))?.toString('utf8'),
    gem: (filename) => get(`gems/${encodeURIComponent(filename)}`),
  };
}
