// The gem server behind the `public:rubygems` external connection: rubygems.org by default, or any server with
// a compact index (QUIVER_RUBYGEMS_URL — another Quiver, a Gemstash, a mirror; `https://user:password@host/…`
// credentials are sent as Basic auth, since fetch refuses URLs that carry them).
import type { ExternalRubygems } from '../../domain/codeartifact/ruby.js';
import { externalOrigin } from '../common/external-fetch.js';

export function httpRubygems(serverUrl: string): ExternalRubygems {
  const external = externalOrigin(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
  async function get(path: string): Promise<Buffer | undefined> {
    const response = await external.get(`${external.base}${path}`);
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
