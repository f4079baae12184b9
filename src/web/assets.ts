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

const files = new Map(
  Object.entries(TYPES).map(([name, type]) => {
    const body = readFileSync(new URL(name, ASSET_DIR));
    return [name, { body, type, hash: createHash('sha256').update(body).digest('base64url').slice(0, 22) }];
  }),
);

/** The URL of an asset, with its content hash: a browser may keep it for a year, a changed file gets a new URL. */
export const assetUrl = (name: string) => `/ui/assets/${name}?v=${files.get(name)?.hash ?? '0'}`;

export function serveAssets(app: FastifyInstance): void {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.code(404).type('text/plain').send('no such asset');
    const etag = `"${file.hash}"`;
    const current = (request.query as { v?: string }).v === file.hash;
    reply.header('etag', etag).header('cache-control', current ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(file.type).send(file.body);
  });
}
