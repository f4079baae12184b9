// Sign-in with an access key pair, and sign-out. The account is the key's; the region is chosen here, as a
// CLI profile chooses it, and shown in the top bar.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebOptions } from '../context.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { SESSION_COOKIE, SESSION_TTL_MS, SIGN_IN_COOKIE, type Sessions, cookieHeader, readCookie } from '../session.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Only a path inside the catalog: never another host (`//evil`) after signing in. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && next.startsWith('/ui/') && !next.startsWith('/ui//') && !next.includes('\\')
    ? next
    : '/ui/domains';

const secureOf = (request: FastifyRequest, publicUrl: string | undefined) =>
  request.protocol === 'https' || (publicUrl?.startsWith('https:') ?? false);

export function registerSignIn(app: FastifyInstance, sessions: Sessions, options: WebOptions, now: () => number): void {
  function form(
    request: FastifyRequest,
    reply: FastifyReply,
    fields: { next: string; accessKeyId?: string; region?: string; error?: string },
  ) {
    const { nonce, token } = sessions.newSignInNonce();
    reply.header(
      'set-cookie',
      cookieHeader(SIGN_IN_COOKIE, nonce, { maxAgeSeconds: 3600, secure: secureOf(request, options.publicUrl) }),
    );
    reply.header('cache-control', 'no-store');
    return reply.type('text/html; charset=utf-8').send(
      page(
        { title: 'Sign in' },
        html`<form class="sign-in" method="post" action="/ui/sign-in">
  <h1>Sign in to Quiver</h1>
  <p class="muted">Use an access key pair, as the AWS CLI does (<code>quiver keys create</code> makes one).</p>
  ${fields.error ? html`<p class="error" role="alert" id="sign-in-error">${fields.error}</p>` : ''}
  <input type="hidden" name="_signin" value="${token}">
  <input type="hidden" name="next" value="${fields.next}">
  <label for="accessKeyId">Access key ID</label>
  <input id="accessKeyId" name="accessKeyId" type="text" required autocomplete="username" spellcheck="false" value="${fields.accessKeyId ?? ''}" ${fields.error ? html`aria-describedby="sign-in-error"` : ''} autofocus>
  <label for="secretAccessKey">Secret access key</label>
  <input id="secretAccessKey" name="secretAccessKey" type="password" required autocomplete="current-password">
  <label for="region">Region</label>
  <input id="region" name="region" type="text" required pattern="[a-z]{2}(-[a-z]+)+-[0-9]+" value="${fields.region ?? options.defaultRegion}">
  <button type="submit">Sign in</button>
</form>`,
      ),
    );
  }

  app.get('/sign-in', async (request, reply) => {
    const next = (request.query as { next?: string }).next;
    return form(request, reply, { next: safeNext(next) });
  });

  app.post('/sign-in', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const next = safeNext(body.next);
    if (!sessions.checkSignInToken(readCookie(request.headers.cookie, SIGN_IN_COOKIE), body._signin)) {
      reply.code(403);
      return form(request, reply, { next, error: 'The sign-in form expired or came from another site; try again.' });
    }
    const region = text('region') || options.defaultRegion;
    if (!REGION.test(region)) {
      reply.code(400);
      return form(request, reply, {
        next,
        accessKeyId: text('accessKeyId'),
        region,
        error: `Region '${region}' does not look like us-east-1.`,
      });
    }
    const cookie = await sessions.signIn(text('accessKeyId'), text('secretAccessKey'), region, now());
    if (!cookie) {
      reply.code(401);
      return form(request, reply, {
        next,
        accessKeyId: text('accessKeyId'),
        region,
        error: 'That access key ID and secret access key do not match a key of this Quiver.',
      });
    }
    const secure = secureOf(request, options.publicUrl);
    reply.header('set-cookie', [
      cookieHeader(SESSION_COOKIE, cookie, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure }),
      cookieHeader(SIGN_IN_COOKIE, '', { maxAgeSeconds: 0, secure }),
    ]);
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', async (request, reply) => {
    reply.header(
      'set-cookie',
      cookieHeader(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: secureOf(request, options.publicUrl) }),
    );
    return reply.redirect('/ui/sign-in', 303);
  });
}
