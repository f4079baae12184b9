// Helpers for the web catalog's tests and bench: a signed-in session over plain HTTP, an npm publish with a readme.
import type { TestCredentials } from './quiver.js';

/** Signs in over plain HTTP as a browser would (sign-in cookie, token, POST); returns the session cookie. */
export async function signInCookie(
  endpoint: string,
  credentials: TestCredentials,
  region = 'us-east-1',
): Promise<string> {
  const form = await fetch(`${endpoint}/ui/sign-in`);
  const nonce = /quiver_sign_in=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
  const token = /name="_signin" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!nonce || !token) throw new Error('the sign-in form has no token');
  const response = await fetch(`${endpoint}/ui/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `quiver_sign_in=${nonce}` },
    body: new URLSearchParams({
      _signin: token,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      region,
      next: '/ui/domains',
    }).toString(),
  });
  const session = /quiver_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (response.status !== 303 || !session) throw new Error(`sign-in failed: ${response.status}`);
  return `quiver_session=${session}`;
}

/** Publishes an npm version with a readme over the registry protocol (what `npm publish` sends, minus the CLI). */
export async function publishNpm(
  registry: string,
  token: string,
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const tarball = Buffer.from(`tarball of ${name}@${version}`);
  const response = await fetch(`${registry}${name.replace('/', '%2f')}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      'dist-tags': { latest: version },
      versions: { [version]: { name, version, description: `${name} for tests`, ...extra } },
      _attachments: { [`${name}-${version}.tgz`]: { data: tarball.toString('base64'), length: tarball.length } },
    }),
  });
  if (!response.ok) throw new Error(`publish ${name}@${version}: ${response.status} ${await response.text()}`);
}
