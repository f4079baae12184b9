// Fetching from an external registry whose configured URL may carry credentials (`https://user:token@host/…`):
// fetch refuses such URLs, so they are taken out and sent as Basic auth instead, and only to that URL's own
// origin (a download the registry points elsewhere, such as a CDN, does not get them). Every request is bounded
// by the same timeout.

const TIMEOUT_MS = 30_000;

export interface ExternalOrigin {
  /** The configured URL without its credentials. */
  base: string;
  /** GET `target` with `headers`, adding the Basic credentials when `target` is on the configured origin. */
  get(target: string, headers?: Record<string, string>): Promise<Response>;
}

export function externalOrigin(configuredUrl: string): ExternalOrigin {
  const url = new URL(configuredUrl);
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
  url.username = '';
  url.password = '';
  const origin = url.origin;
  return {
    base: url.toString(),
    get: (target, headers = {}) =>
      fetch(target, {
        headers: authorization && new URL(target).origin === origin ? { ...headers, authorization } : headers,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }),
  };
}
