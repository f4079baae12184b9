// Health endpoints without authentication. `live`: the process answers (restart it when this fails).
// `ready`: the store and the blob store answer a cheap call each (take the instance out of the load balancer
// when this fails). `GET /_quiver/health` stays what it always was: the backends in use, once started.
import type { FastifyInstance } from 'fastify';
import type { BlobStore } from '../blobs/blobs.js';
import type { Store } from '../store/store.js';

const CHECK_TIMEOUT_MS = 3000;
/** A digest no blob has: asking for it costs one stat or one HEAD, and proves the blob store answers. */
const PROBE = '0'.repeat(64);

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, store: Store, blobs: BlobStore): void {
  app.get('/_quiver/health', async () => ({ status: 'ok', store: store.backend, blobs: blobs.backend }));
  app.get('/_quiver/health/live', async () => ({ status: 'ok' }));
  app.get('/_quiver/health/ready', async (request, reply) => {
    const [storeState, blobState] = await Promise.all([
      probe(() => store.read((tx) => tx.getSetting('page_token_secret'))),
      probe(() => blobs.has(PROBE)),
    ]);
    const ready = storeState === 'ok' && blobState === 'ok';
    if (!ready) request.log.warn({ store: storeState, blobs: blobState }, 'not ready');
    reply.code(ready ? 200 : 503);
    return {
      status: ready ? 'ok' : 'unavailable',
      store: { backend: store.backend, state: storeState },
      blobs: { backend: blobs.backend, state: blobState },
    };
  });
}
