// Request bodies of the registry protocols, read with a bound (the AWS engine reads its own).
import type { IncomingMessage } from 'node:http';
import { MAX_JSON_DEPTH, jsonNestingExceeds } from '../../http/json-depth.js';
import { RegistryError } from './errors.js';

export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    throw new RegistryError(413, `The request body is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RegistryError(413, `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const text = (await readBody(request, limit)).toString('utf8');
  if (jsonNestingExceeds(text))
    throw new RegistryError(400, `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new RegistryError(400, 'The request body is not valid JSON.');
  }
}
