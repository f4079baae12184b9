// The botocore side of the protocol tests: values in the form botocore's test cases write them (timestamps as
// epoch seconds, blobs as text), and a reader of restJson1 responses that follows botocore's RestJSONParser
// (botocore/parsers.py): header members by name, a prefix-headers map, the status code member, a payload
// member, else the JSON body by wire name; errors by x-amzn-ErrorType, else `code`/`__type`, without the
// namespace and the `:uri` suffix.
import type { MemberRef, ServiceModel, Shape } from '../../../src/aws/model.js';

/** Botocore shapes carry flags Quiver's Shape type does not declare. */
export type BotocoreShape = Shape & { document?: boolean; union?: boolean };

export interface BotocoreResponse {
  status_code: number;
  headers?: Record<string, string>;
  body?: string;
}

const shapeOf = (model: ServiceModel, ref: MemberRef) => model.shape(ref.shape) as BotocoreShape;

/** A comparable form of a value of `ref`'s shape, whichever side produced it. */
export function canonical(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const shape = shapeOf(model, ref);
  if (shape.document) return value;
  switch (shape.type) {
    case 'timestamp': {
      const ms =
        value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : Date.parse(String(value));
      return { epochSeconds: ms / 1000 };
    }
    case 'blob':
      if (typeof value === 'string') return { utf8: value };
      return { utf8: Buffer.from(value as Uint8Array).toString('utf8') };
    case 'float':
    case 'double':
      return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
    case 'list':
      return (value as unknown[]).map((item) => canonical(model, shape.member!, item));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, item]) => [
          key,
          canonical(model, shape.value!, item),
        ]),
      );
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const item = (value as Record<string, unknown>)[name];
        if (item === undefined || item === null) continue;
        // What the wire cannot tell from an absent member: an empty list in the query or headers, an empty
        // prefix-headers map, an empty structure as the payload (sent as `{}` either way).
        const empty = Array.isArray(item)
          ? item.length === 0
          : Object.getPrototypeOf(item) === Object.prototype && Object.keys(item).length === 0;
        if (empty && (member.location || (name === shape.payload && shapeOf(model, member).type === 'structure')))
          continue;
        // A prefix-headers map travels in case-insensitive header names.
        out[name] =
          member.location === 'headers'
            ? Object.fromEntries(Object.entries(item as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]))
            : canonical(model, member, item);
      }
      return out;
    }
    default:
      return value;
  }
}

/** A botocore test value (epoch-second timestamps, text blobs) as Quiver's handlers hold it (Date, Buffer). */
export function quiverValue(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const shape = shapeOf(model, ref);
  if (shape.document) return value;
  switch (shape.type) {
    case 'timestamp':
      return new Date((value as number) * 1000);
    case 'blob':
      return Buffer.from(value as string);
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    case 'list':
      return (value as unknown[]).map((item) => quiverValue(model, shape.member!, item));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, item]) => [
          key,
          quiverValue(model, shape.value!, item),
        ]),
      );
    case 'structure':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, item]) => [
          name,
          shape.members?.[name] ? quiverValue(model, shape.members[name]!, item) : item,
        ]),
      );
    default:
      return value;
  }
}

function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return Date.parse(text) / 1000;
}

function fromJson(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const shape = shapeOf(model, ref);
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const item = (value as Record<string, unknown>)[member.locationName ?? name];
        if (item !== undefined && item !== null) out[name] = fromJson(model, member, item);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => fromJson(model, shape.member!, item));
    case 'map':
      // A null value in a map is skipped, as botocore's parser does.
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, item]) => item !== null)
          .map(([key, item]) => [key, fromJson(model, shape.value!, item)]),
      );
    case 'timestamp':
      return parseTimestamp(value);
    case 'blob':
      return Buffer.from(value as string, 'base64').toString('utf8');
    default:
      return value;
  }
}

function headerValue(model: ServiceModel, ref: MemberRef, text: string): unknown {
  const shape = shapeOf(model, ref);
  if (ref.jsonvalue) return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  switch (shape.type) {
    case 'integer':
    case 'long':
      return Number.parseInt(text, 10);
    case 'float':
    case 'double':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return parseTimestamp(text);
    case 'blob':
      return Buffer.from(text, 'base64').toString('utf8');
    case 'list': {
      const item = shapeOf(model, shape.member!);
      // An HTTP date holds a comma: botocore splits such a list on every second comma.
      const parts =
        item.type === 'timestamp' && !/^\d/.test(text)
          ? (text.match(/[^,]+,[^,]+/g) ?? [])
          : (text.match(/"(?:[^"\\]|\\.)*"|[^,]+/g) ?? []);
      return parts.map((part) => {
        const trimmed = part.trim();
        const unquoted = /^".*"$/.test(trimmed) ? trimmed.slice(1, -1).replace(/\\(.)/g, '$1') : trimmed;
        return headerValue(model, shape.member!, unquoted);
      });
    }
    default:
      return text;
  }
}

/** The structure a botocore client reads from a response, in botocore's value form. */
export function parseResponse(
  model: ServiceModel,
  shapeName: string,
  response: BotocoreResponse,
): Record<string, unknown> {
  const shape = model.shape(shapeName);
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const wire = (member.locationName ?? name).toLowerCase();
    if (member.location === 'header' && headers[wire] !== undefined) {
      out[name] = headerValue(model, member, headers[wire]!);
    } else if (member.location === 'headers') {
      const map = Object.fromEntries(
        Object.entries(headers)
          .filter(([key]) => key.startsWith(wire))
          .map(([key, value]) => [key.slice(wire.length), value]),
      );
      if (Object.keys(map).length > 0) out[name] = map;
    } else if (member.location === 'statusCode') {
      out[name] = response.status_code;
    }
  }
  const body = response.body ?? '';
  if (shape.payload) {
    const member = shape.members![shape.payload]!;
    const payloadShape = shapeOf(model, member);
    if (payloadShape.type === 'blob' || (payloadShape.type === 'string' && !payloadShape.document)) {
      if (body !== '') out[shape.payload] = body;
    } else if (body.trim() !== '') {
      out[shape.payload] = fromJson(model, member, JSON.parse(body));
    }
  } else if (body.trim() !== '') {
    const json = JSON.parse(body) as Record<string, unknown>;
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const key = member.locationName ?? name;
      if (!member.location && json[key] !== undefined && json[key] !== null)
        out[name] = fromJson(model, member, json[key]);
    }
  }
  return out;
}

/** The error code botocore reads: x-amzn-ErrorType, else the body's `code` or `__type`, bare of namespace and URI. */
export function parseErrorCode(response: BotocoreResponse): string | undefined {
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  let code: string | undefined = headers['x-amzn-errortype'];
  if (code === undefined && response.body) {
    const body = JSON.parse(response.body) as { code?: string; __type?: string };
    code = body.code ?? body.__type;
  }
  if (code === undefined) return undefined;
  return code.split(':')[0]!.split('#').pop();
}
