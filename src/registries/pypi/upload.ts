// The legacy upload API's multipart/form-data body (what `twine upload` sends: metadata fields, the digests,
// one `content` file), parsed as a stream by @fastify/busboy with bounds on every part; the file is kept in
// memory up to the upload limit because its core metadata is read from it before anything is stored.
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import { invalid } from '../../domain/shared/errors.js';
import { RegistryError } from '../common/errors.js';

export interface LegacyUpload {
  /** Every form field, repeats kept in order (classifiers, requires_dist). */
  fields: Map<string, string[]>;
  filename: string;
  content: Buffer;
}

export const field = (upload: LegacyUpload, name: string): string | undefined => {
  const value = upload.fields.get(name)?.[0];
  return value === undefined || value === '' ? undefined : value;
};

/** Reads the whole upload; 400 for a body that is not a well-formed form with one `content` file, 413 when too big. */
export function parseLegacyUpload(
  body: Readable,
  headers: Record<string, string | string[] | undefined>,
  maxFileBytes: number,
): Promise<LegacyUpload> {
  const contentType = headers['content-type'];
  if (typeof contentType !== 'string' || !/^multipart\/form-data\b/i.test(contentType))
    return Promise.reject(invalid('An upload is a multipart/form-data POST (as twine sends it).'));
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string[]>();
    let file: { filename: string; content: Buffer } | undefined;
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
      body.unpipe(parser);
      body.resume(); // drain what is left so the reply can be sent
      reject(failure);
    };
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { ...headers, 'content-type': contentType },
        limits: { fileSize: maxFileBytes, files: 1, fields: 1000, fieldSize: 4 * 1024 * 1024, parts: 1100 },
      });
    } catch (error) {
      reject(invalid(`The multipart body cannot be parsed: ${(error as Error).message}.`));
      return;
    }
    parser.on('field', (name, value) => {
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    parser.on('file', (name, stream, filename) => {
      if (name !== 'content') {
        stream.resume();
        return fail(invalid(`Unexpected file field "${name}": the distribution goes in "content".`));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(new RegistryError(413, `The distribution file is larger than the upload limit of ${maxFileBytes} bytes.`)),
      );
      stream.on('end', () => {
        if (!stream.truncated) file = { filename, content: Buffer.concat(chunks) };
      });
    });
    parser.on('filesLimit', () => fail(invalid('An upload carries exactly one file, in "content".')));
    parser.on('fieldsLimit', () => fail(invalid('The upload has too many form fields.')));
    parser.on('partsLimit', () => fail(invalid('The upload has too many parts.')));
    parser.on('error', (error) => fail(invalid(`The multipart body is malformed: ${(error as Error).message}.`)));
    parser.on('finish', () => {
      if (failure) return;
      if (!file) return fail(invalid('The upload has no "content" file.'));
      if (!file.filename) return fail(invalid('The "content" file has no file name.'));
      resolve({ fields, filename: file.filename, content: file.content });
    });
    body.on('error', (error) => fail(error));
    body.pipe(parser);
  });
}
