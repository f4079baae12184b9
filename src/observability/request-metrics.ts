// Request metrics through Fastify hooks, and the token-protected /metrics endpoint. A request is labelled by
// what answered it: the AWS engine's service and operation (aws/request-labels.ts), a registry's format and
// route, or Quiver's own routes. Labels come from a bounded set (never a raw path), so a scan of random URLs
// cannot grow the series without limit.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestLabels, wantRequestLabels } from '../aws/request-labels.js';
import type { Metrics } from './metrics.js';

/** npm's URL forms (registries/npm/routes.ts) reduced to the operation a client performed. */
function npmOperation(method: string, path: string): string {
  const tail = path.replace(/^\/[^/]+\/npm\/[^/]+\/?/, '');
  if (tail.startsWith('-/')) {
    const what = tail.split('/')[1] ?? '';
    return `${method} -/${['ping', 'whoami', 'package', 'v1', 'user'].includes(what) ? what : 'other'}`;
  }
  if (/\/-\/[^/]+\.tgz$/.test(tail)) return `${method} tarball`;
  if (tail.includes('/-rev/') || method === 'DELETE') return `${method} unpublish`;
  if (method === 'PUT') return 'PUT publish';
  return `${method} packument`;
}

function labelsOf(request: FastifyRequest): { service: string; operation: string } {
  const aws = requestLabels(request.raw);
  if (aws) return { service: aws.service, operation: aws.operation ?? 'unrouted' };
  const route = request.routeOptions.url;
  const method = request.method;
  if (route === undefined) return { service: 'quiver', operation: 'not_found' };
  if (route === '/*') return { service: 'aws', operation: 'unrouted' };
  const registry = /^\/:[a-z]+\/([a-z0-9]+)\//.exec(route);
  if (registry) {
    const format = registry[1]!;
    const path = request.url.split('?', 1)[0]!;
    return { service: format, operation: format === 'npm' ? npmOperation(method, path) : `${method} ${route}` };
  }
  return { service: 'quiver', operation: `${method} ${route}` };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics, token: string): void {
  wantRequestLabels();
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('onRequest', (request, reply, done) => {
    metrics.inFlightNow++;
    const started = process.hrtime.bigint();
    // 'close' comes once for every response, finished or abandoned by the client.
    reply.raw.once('close', () => {
      metrics.inFlightNow--;
      const { service, operation } = labelsOf(request);
      const status = reply.raw.writableFinished ? String(reply.raw.statusCode) : 'aborted';
      metrics.observeRequest(service, operation, status, Number(process.hrtime.bigint() - started) / 1e9);
    });
    done();
  });

  const expected = digest(token);
  app.get('/metrics', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const presented = /^Bearer (.+)$/i.exec(header)?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      reply.code(401).header('www-authenticate', 'Bearer realm="quiver metrics"');
      return { message: 'GET /metrics needs Authorization: Bearer <QUIVER_METRICS_TOKEN>.' };
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
