// The publish body (Registry.md §4.6): multipart/form-data with `source-archive` (required), and optional
// `source-archive-signature`, `metadata` and `metadata-signature`. SwiftPM sends its parts without a filename
// (busboy would read them as text fields and mangle the zip), so every part is read as bytes; a part whose
// Content-Transfer-Encoding is base64 or quoted-printable (the spec's own example) is decoded.
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import { invalid } from '../../domain/shared/errors.js';
import { RegistryError } from '../common/errors.js';

export type PublishParts = Map<string, Buffer>;

const KNOWN = new Set(['source-archive', 'source-archive-signature', 'metadata', 'metadata-signature']);

/** The metadata is refused past 256 KiB anyway (swift/metadata.ts): no reason to hold more of it. */
export const MAX_METADATA_PART_BYTES = 256 * 1024;
/**
 * A signature goes back base64 in the X-Swift-Package-Signature header of every archive download (§4.4), so its
 * size bounds a response header: 8 KiB is about 11 KB of header, which Node's client (16 KiB of headers in all) and
 * curl (100 KB) take; 64 KiB (87 KB) would make the release unfetchable for the first. A CMS signature with its
 * certificate chain is a few KiB.
 */
export const MAX_SIGNATURE_PART_BYTES = 8 * 1024;
const partLimit = (name: string, maxBytes: number) =>
  name === 'metadata' ? MAX_METADATA_PART_BYTES : name.endsWith('-signature') ? MAX_SIGNATURE_PART_BYTES : maxBytes;

function decodeQuotedPrintable(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(
    text.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
}

function decode(bytes: Buffer, transferEncoding: string): Buffer {
  const encoding = transferEncoding.toLowerCase();
  if (encoding === 'base64') return Buffer.from(bytes.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(bytes);
  return bytes;
}

export function parsePublishBody(
  body: Readable,
  headers: Record<string, string | string[] | undefined>,
  maxBytes: number,
): Promise<PublishParts> {
  const contentType = headers['content-type'];
  if (typeof contentType !== 'string' || !/^multipart\/form-data\b/i.test(contentType))
    return Promise.reject(
      invalid('A publish is a multipart/form-data PUT with a source-archive part (Registry.md §4.6).'),
    );
  return new Promise((resolve, reject) => {
    const parts: PublishParts = new Map();
    let failure: Error | undefined;
    let pending = 0;
    let finished = false;
    // The whole body, framing included, is bounded by the upload limit: the parts together are what is held.
    let bodyBytes = 0;
    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      body.unpipe(parser);
      body.resume();
      reject(error);
    };
    const settle = () => {
      if (failure || !finished || pending > 0) return;
      if (!parts.has('source-archive'))
        return fail(invalid('The publish has no source-archive part (Registry.md §4.6.1).'));
      resolve(parts);
    };
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { ...headers, 'content-type': contentType },
        limits: { files: 8, fields: 0, parts: 8 },
        isPartAFile: () => true,
      });
    } catch (error) {
      reject(invalid(`The multipart body cannot be parsed: ${(error as Error).message}.`));
      return;
    }
    parser.on('file', (name, stream, _filename, transferEncoding) => {
      if (!KNOWN.has(name)) {
        stream.resume();
        return fail(invalid(`Unexpected part "${name}": a publish has ${[...KNOWN].join(', ')}.`));
      }
      if (parts.has(name)) {
        stream.resume();
        return fail(invalid(`The part "${name}" appears twice.`));
      }
      pending++;
      const limit = partLimit(name, maxBytes);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (failure) return;
        size += chunk.length;
        if (size > limit) return fail(new RegistryError(413, `The ${name} part is larger than ${limit} bytes.`));
        chunks.push(chunk);
      });
      stream.on('end', () => {
        pending--;
        if (!failure) parts.set(name, decode(Buffer.concat(chunks), transferEncoding ?? ''));
        settle();
      });
    });
    parser.on('filesLimit', () => fail(invalid('The publish has too many parts.')));
    parser.on('partsLimit', () => fail(invalid('The publish has too many parts.')));
    parser.on('error', (error) => fail(invalid(`The multipart body is malformed: ${(error as Error).message}.`)));
    parser.on('finish', () => {
      finished = true;
      settle();
    });
    body.on('error', (error) => fail(error));
    body.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes > maxBytes)
        fail(new RegistryError(413, `The publish body is larger than the upload limit of ${maxBytes} bytes.`));
    });
    body.pipe(parser);
  });
}
