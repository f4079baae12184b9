// A stored asset as a registry answer, the same for every format: its size and its sha256 as the ETag, no body
// for HEAD, and a blob the cache holds in memory sent as its one Buffer (a stream of it would be piped chunk by
// chunk for nothing).
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InMemoryBlob } from '../../blobs/blobs.js';

/** What a reply sends of a blob: the cached Buffer itself, or the stream. */
export const blobBody = (content: Readable): Buffer | Readable =>
  content instanceof InMemoryBlob ? content.bytes : content;

export function sendAsset(
  request: FastifyRequest,
  reply: FastifyReply,
  download: { content: Readable; asset: { size: number; sha256: string } },
  contentType: string,
): FastifyReply {
  const { content, asset } = download;
  reply
    .header('content-type', contentType)
    .header('content-length', String(asset.size))
    .header('etag', `"${asset.sha256}"`);
  if (request.method === 'HEAD') {
    content.destroy();
    return reply.send();
  }
  return reply.send(blobBody(content));
}
