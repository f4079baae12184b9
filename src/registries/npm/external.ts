// The registry behind the `public:npmjs` external connection: npmjs.org by default, or any npm registry
// (QUIVER_NPMJS_URL, with an optional bearer token QUIVER_NPMJS_TOKEN — another Quiver, a Verdaccio, a mirror).
import type { ExternalNpmRegistry } from '../../domain/codeartifact/npm/context.js';

const TIMEOUT_MS = 30_000;

export function httpNpmRegistry(baseUrl: string, token?: string): ExternalNpmRegistry {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const headers = (url: string): Record<string, string> =>
    token && url.startsWith(base) ? { authorization: `Bearer ${token}` } : {};
  return {
    async packument(name) {
      // A scoped name travels as @scope%2fname, as npm itself requests it.
      const url = `${base}${name.startsWith('@') ? name.replace('/', '%2f') : encodeURIComponent(name)}`;
      const response = await fetch(url, {
        headers: { accept: 'application/json', ...headers(url) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status === 404) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw new Error(`The external registry answered ${response.status} for ${name}.`);
      return (await response.json()) as Awaited<ReturnType<ExternalNpmRegistry['packument']>>;
    },
    async tarball(url) {
      const response = await fetch(url, { headers: headers(url), signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) throw new Error(`The external registry answered ${response.status} for ${url}.`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
