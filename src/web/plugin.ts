// The web catalog at /ui: an encapsulated Fastify plugin (register it with `{ prefix: '/ui' }`). Its form
// parser, hooks, error handler and not-found route apply only inside it: the root app keeps no body parser
// (the AWS engine signs over raw bytes), and nothing under /ui falls through to the AWS catch-all.
import formBody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CatalogError } from '../domain/shared/errors.js';
import { serveAssets } from './assets.js';
import type { WebOptions } from './context.js';
import { html } from './html.js';
import { page } from './layout.js';
import { registerCodeArtifactPages } from './routes/codeartifact.js';
import { registerDeviceCatalogs } from './routes/devices.js';
import { registerImagePages } from './routes/images.js';
import { registerSearch } from './routes/search.js';
import { registerSignIn } from './routes/sign-in.js';
import { registerStatusChanges } from './routes/status.js';
import { SESSION_COOKIE, Sessions, readCookie } from './session.js';

const STATUS_OF: Record<CatalogError['kind'], number> = {
  NotFound: 404,
  Conflict: 409,
  Invalid: 400,
  AccessDenied: 403,
  QuotaExceeded: 400,
};

/** Paths a browser may load without a session. */
const PUBLIC = /^\/ui\/(sign-in|assets\/)/;

export async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const sessions = new Sessions(options.sessionSecret, options.resolveKey);
  await app.register(formBody, { bodyLimit: 64 * 1024 });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // No inline script anywhere, so the policy can forbid it: a readme that slipped past the sanitiser still could not run.
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    const path = request.url.split('?')[0]!;
    if (PUBLIC.test(path)) return;
    const verified = await sessions.verify(readCookie(request.headers.cookie, SESSION_COOKIE), now());
    // Who the key acts as is looked up on every request (cached under the access change counter), so a
    // deleted user or a changed policy applies to an open session at once.
    const actor = verified && (await options.access.principalOf(verified.principal.accessKeyId));
    const session =
      verified && actor
        ? {
            ...verified,
            actor,
            caller: { ...verified.caller, principalArn: actor.arn, userName: actor.userName },
          }
        : undefined;
    if (!session) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        const next = request.url.startsWith('/ui/') && request.url !== '/ui/' ? request.url : undefined;
        return reply.redirect(next ? `/ui/sign-in?next=${encodeURIComponent(next)}` : '/ui/sign-in', 303);
      }
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(forbidden('You are not signed in, or your session has ended.'));
    }
    request.webSession = session;
    reply.header('cache-control', 'no-store');
  });

  // Every state-changing request carries the session's CSRF token (checked after the form is parsed).
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.webSession) return;
    const token = (request.body as Record<string, unknown> | undefined)?._csrf;
    if (!sessions.checkCsrf(request.webSession, token)) {
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(
          forbidden(
            'This form is out of date or was sent from another site (its CSRF token does not match). Reload the page and try again.',
          ),
        );
    }
  });

  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const status =
      error instanceof CatalogError
        ? STATUS_OF[error.kind]
        : typeof (error as { statusCode?: unknown }).statusCode === 'number' &&
            (error as { statusCode: number }).statusCode < 500
          ? (error as { statusCode: number }).statusCode
          : 500;
    if (status >= 500) request.log.error({ err: error }, 'web catalog failure');
    const message =
      status >= 500 ? `Something went wrong (request ${request.id}); it has been logged.` : (error as Error).message;
    const title = status === 404 ? 'Not found' : status === 403 ? 'Access denied' : 'Error';
    const heading = status === 404 ? 'Not found' : status === 403 ? 'Access denied' : 'That did not work';
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        page(
          { title, session: request.webSession },
          html`<h1>${heading}</h1><p class="error" role="alert">${message}</p><p><a href="/ui/">Back to the catalog</a></p>`,
        ),
      );
  });

  serveAssets(app);
  registerSignIn(app, sessions, options, now);
  registerCodeArtifactPages(app, options);
  registerStatusChanges(app, options, now);
  registerDeviceCatalogs(app, options, now);
  registerImagePages(app, options);
  registerSearch(app, options);

  // Nothing under /ui reaches the AWS engine's catch-all.
  app.all('/*', async (request, reply) =>
    reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(
        page(
          { title: 'Not found', session: request.webSession },
          html`<h1>Not found</h1><p>There is no page at <code>${request.url}</code>.</p><p><a href="/ui/">Back to the catalog</a></p>`,
        ),
      ),
  );
}

const forbidden = (message: string) =>
  page(
    { title: 'Forbidden' },
    html`<h1>Forbidden</h1><p class="error" role="alert">${message}</p><p><a href="/ui/sign-in">Sign in</a></p>`,
  );
