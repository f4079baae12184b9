// How the compact index files travel (Bundler 2.3 compact_index_client/updater.rb): the ETag is the quoted MD5
// of the whole file — Bundler compares it with the MD5 of what it holds after applying the response —,
// `If-None-Match` gives a 304, and `Range: bytes=N-` (Bundler asks from one byte before the end of its copy)
// gives a 206 with the rest, which Bundler appends and then checks against that ETag; any mismatch makes it
// fetch the whole file again. `Repr-Digest` carries the SHA-256 of the whole file as newer clients check it.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { md5Hex } from '../../domain/codeartifact/ruby/compact-index.js';

/** A file with the validators it is served with, made once (an /info file is kept in routes.ts's cache). */
export interface CompactFile {
  body: Buffer;
  etag: string;
  reprDigest: string;
}

export function compactFile(text: string): CompactFile {
  const body = Buffer.from(text);
  return {
    body,
    etag: `"${md5Hex(body)}"`,
    reprDigest: `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
  };
}

export function sendIndexFile(request: FastifyRequest, reply: FastifyReply, file: string | CompactFile) {
  const { body, etag, reprDigest } = typeof file === 'string' ? compactFile(file) : file;
  reply
    .header('content-type', 'text/plain; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('repr-digest', reprDigest);
  const match = request.headers['if-none-match'];
  if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    if (start >= body.length) {
      return reply.code(416).header('content-range', `bytes */${body.length}`).send();
    }
    const part = body.subarray(start);
    return reply
      .code(206)
      .header('content-range', `bytes ${start}-${body.length - 1}/${body.length}`)
      .header('content-length', String(part.length))
      .send(request.method === 'HEAD' ? undefined : part);
  }
  reply.header('content-length', String(body.length));
  return reply.send(request.method === 'HEAD' ? undefined : body);
}
