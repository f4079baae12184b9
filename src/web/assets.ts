// The stylesheet and the script, read once at start-up and served from memory with an ETag. (Two files do
// not need @fastify/static, whose current release requires Node 22; Quiver supports Node 20.)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

// The same path from src/web/ (tsx) and from dist/web/ (compiled): the files stay in the source tree.
const ASSET_DIR = new URL('../../src/web/assets/', import.meta.url);
const TYPES: Record<string, string> = {
  'ui.css': 'text/css; charset=utf-8',
  'ui.js': 'text/javascript; charset=utf-8',
};

export function serveAssets(app: FastifyInstance): void {
  const files = new Map(
    Object.entries(TYPES).map(([name, type]) => {
      const body = readFileSync(new URL(name, ASSET_DIR));
      return [name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` }];
    }),
  );
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.code(404).type('text/plain').send('no such asset');
    reply.header('etag', file.etag).header('cache-control', 'public, max-age=3600');
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.type(file.type).send(file.body);
  });
}
