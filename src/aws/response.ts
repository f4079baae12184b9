// restJson1 response serialisation by the model: status from the operation (or a statusCode member),
// header members to headers, a blob payload as the raw body, everything else as JSON keyed by wire name.
// Timestamps in JSON are epoch seconds (with fractions); absent optional members are omitted, never null.
import type { Readable } from 'node:stream';
import type { AwsError } from './errors.js';
import type { MemberRef, Operation, ServiceModel, Shape } from './model.js';
import { wireName } from './validate.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | Readable | undefined;
}

function toEpochSeconds(value: unknown): number {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  return ms / 1000;
}

type ToJson = (value: unknown) => unknown;

/**
 * Writers compiled once per (model, shape, timestamp format) and kept: serialising a list of a thousand
 * summaries then walks precomputed member tables instead of looking shapes and wire names up per item.
 */
const compiled = new WeakMap<ServiceModel, Map<string, ToJson>>();

function writerFor(model: ServiceModel, ref: MemberRef): ToJson {
  let writers = compiled.get(model);
  if (!writers) {
    writers = new Map();
    compiled.set(model, writers);
  }
  const key = `${ref.shape}|${ref.timestampFormat ?? ''}`;
  let writer = writers.get(key);
  if (!writer) {
    // Registered before compiling its members, so recursive shapes find it (through the indirection).
    let inner: ToJson = () => undefined;
    writers.set(key, (value) => inner(value));
    inner = compile(model, ref);
    writers.set(key, inner);
    writer = inner;
  }
  return writer;
}

function compile(model: ServiceModel, ref: MemberRef): ToJson {
  const shape = model.shape(ref.shape);
  if (shape.document) return (value) => (value === null ? undefined : value);
  switch (shape.type) {
    case 'structure':
      return structureWriter(model, shape, false);
    case 'list': {
      const item = writerFor(model, shape.member!);
      return (value) => (value === undefined || value === null ? undefined : (value as unknown[]).map(item));
    }
    case 'map': {
      const item = writerFor(model, shape.value!);
      return (value) => {
        if (value === undefined || value === null) return undefined;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value as Record<string, unknown>)) {
          const json = item((value as Record<string, unknown>)[key]);
          if (json !== undefined) out[key] = json;
        }
        return out;
      };
    }
    case 'timestamp':
      if ((ref.timestampFormat ?? shape.timestampFormat) === 'iso8601') {
        return (value) =>
          value === undefined || value === null ? undefined : new Date(toEpochSeconds(value) * 1000).toISOString();
      }
      return (value) => (value === undefined || value === null ? undefined : toEpochSeconds(value));
    case 'blob':
      return (value) =>
        value === undefined || value === null ? undefined : Buffer.isBuffer(value) ? value.toString('base64') : value;
    case 'float':
    case 'double':
      // JSON has no NaN or Infinity: restJson1 writes them as the strings "NaN", "Infinity" and "-Infinity".
      return (value) =>
        value === null ? undefined : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
    default:
      return (value) => (value === null ? undefined : value);
  }
}

function structureWriter(model: ServiceModel, shape: Shape, onlyBodyMembers: boolean): ToJson {
  const members = Object.entries(shape.members ?? {})
    .filter(([name, ref]) => !(onlyBodyMembers && (ref.location || name === shape.payload)))
    .map(([name, ref]) => ({ name, wire: wireName(name, ref), write: writerFor(model, ref) }));
  return (value) => {
    if (value === undefined || value === null) return undefined;
    const out: Record<string, unknown> = {};
    for (const member of members) {
      const json = member.write((value as Record<string, unknown>)[member.name]);
      if (json !== undefined) out[member.wire] = json;
    }
    return out;
  };
}

const bodyWriters = new WeakMap<Shape, ToJson>();

export function toJson(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  return writerFor(model, ref)(value);
}

function structureToJson(model: ServiceModel, shape: Shape, value: Record<string, unknown>): Record<string, unknown> {
  let writer = bodyWriters.get(shape);
  if (!writer) {
    writer = structureWriter(model, shape, true);
    bodyWriters.set(shape, writer);
  }
  return writer(value) as Record<string, unknown>;
}

function headerText(model: ServiceModel, ref: MemberRef, value: unknown): string {
  const shape = model.shape(ref.shape);
  if (shape.type === 'timestamp') return new Date(toEpochSeconds(value) * 1000).toUTCString();
  if (ref.jsonvalue) return Buffer.from(JSON.stringify(value)).toString('base64');
  if (shape.type === 'list' && Array.isArray(value)) {
    // Items joined by commas; one that holds a comma or a quote goes as a quoted string (codec.ts splitHeaderList).
    return value
      .map((item) => {
        const text = headerText(model, shape.member!, item);
        return /[",]/.test(text) && model.shape(shape.member!.shape).type !== 'timestamp'
          ? `"${text.replace(/["\\]/g, '\\$&')}"`
          : text;
      })
      .join(', ');
  }
  return String(value);
}

function serializeStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  status: number,
): WireResponse {
  const headers: Record<string, string> = {};
  let body: Buffer | Readable | undefined;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    if (ref.location === 'header') headers[wireName(name, ref).toLowerCase()] = headerText(model, ref, member);
    else if (ref.location === 'headers') {
      for (const [key, item] of Object.entries(member as Record<string, string>))
        headers[`${wireName(name, ref)}${key}`.toLowerCase()] = item;
    } else if (ref.location === 'statusCode') status = Number(member);
  }
  if (shape.payload) {
    const ref = shape.members![shape.payload]!;
    const payload = value[shape.payload];
    const payloadShape = model.shape(ref.shape);
    if (payloadShape.type === 'blob' || payloadShape.type === 'string') {
      headers['content-type'] ??= 'application/octet-stream';
      body = typeof payload === 'string' ? Buffer.from(payload) : (payload as Buffer | Readable | undefined);
    } else if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(toJson(model, ref, payload)));
    }
  } else {
    headers['content-type'] = 'application/json';
    body = Buffer.from(JSON.stringify(structureToJson(model, shape, value)));
  }
  return { status, headers, body };
}

/**
 * Outputs a handler hands out again and again (a cached answer, aws/services/answer-cache.ts), each with its
 * wire form once made: a hit is then answered with the same bytes, never serialised twice. Keyed by the output
 * object itself, so an answer's bytes live exactly as long as the cache keeps the answer.
 */
const reusable = new WeakMap<object, WireResponse | null>();

/** Marks an output as immutable and served more than once: its serialised form is kept beside it. */
export function reusableOutput<T extends object>(output: T): T {
  if (!reusable.has(output)) reusable.set(output, null);
  return output;
}

export function serializeOutput(model: ServiceModel, operation: Operation, output: unknown): WireResponse {
  const status = operation.http.responseCode ?? 200;
  if (!operation.output) return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
  const memo = typeof output === 'object' && output !== null ? reusable.get(output) : undefined;
  // A copy of the headers: whoever writes the response may add to them; the body Buffer is only ever read.
  if (memo) return { status: memo.status, headers: { ...memo.headers }, body: memo.body };
  const wire = serializeStructure(
    model,
    model.shape(operation.output.shape),
    (output ?? {}) as Record<string, unknown>,
    status,
  );
  // Only a Buffer can be sent twice (a stream payload is consumed by its one response).
  if (memo === null && Buffer.isBuffer(wire.body))
    reusable.set(output as object, { ...wire, headers: { ...wire.headers } });
  return wire;
}

/**
 * The error envelope: the model's status for this error, `x-amzn-ErrorType`, and a JSON body with `__type`,
 * the message (under the shape's own spelling, `message` or `Message`) and the shape's other members.
 */
export function serializeError(model: ServiceModel | undefined, error: AwsError): WireResponse {
  const shape = model?.errorShape(error.code);
  const status = shape?.error?.httpStatusCode ?? error.fallbackStatus;
  const messageKey =
    shape?.members && 'Message' in shape.members && !('message' in shape.members) ? 'Message' : 'message';
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-errortype': error.code };
  const body: Record<string, unknown> = { __type: error.code, [messageKey]: error.message };
  for (const [field, value] of Object.entries(error.fields)) {
    if (value === undefined || value === null) continue;
    // Engine-level fields are spelled in camelCase (reason); some models capitalise them (Panorama's Reason).
    const name =
      shape?.members && !(field in shape.members)
        ? (Object.keys(shape.members).find((member) => member.toLowerCase() === field.toLowerCase()) ?? field)
        : field;
    const ref = shape?.members?.[name];
    if (shape && !ref) continue; // only modelled members go on the wire
    if (ref?.location === 'header') headers[wireName(name, ref).toLowerCase()] = String(value);
    else body[ref ? wireName(name, ref) : name] = ref ? toJson(model!, ref, value) : value;
  }
  return { status, headers, body: Buffer.from(JSON.stringify(body)) };
}
