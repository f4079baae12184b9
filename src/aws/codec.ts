// restJson1 request binding, driven by the model: URI labels, querystring, headers and the JSON body (or a
// blob payload) become one input object keyed by member name. Type problems (a word where a number goes,
// malformed JSON) are collected as validation problems, never thrown as 500s.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { MAX_JSON_DEPTH, jsonNestingExceeds } from '../http/json-depth.js';
import { describeValue } from './errors.js';
import type { MemberRef, Operation, ServiceModel, Shape } from './model.js';
import { wireName } from './validate.js';

export interface RawRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded), without the query. */
  rawPath: string;
  /** Decoded query parameters; a repeated name keeps every value in order. */
  query: Map<string, string[]>;
  headers: IncomingHttpHeaders;
  /** The buffered body, or the request stream itself for a streaming blob payload. */
  body: Buffer | Readable;
}

export class ParseProblems {
  readonly problems: string[] = [];
  /** Set when the body itself could not be parsed (reason CANNOT_PARSE rather than a field problem). */
  cannotParse = false;
  add(path: string, value: unknown, constraint: string): void {
    this.problems.push(`Value ${describeValue(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
}

/** decodeURIComponent, skipped for the usual text with no escape in it (which it would return unchanged). */
function decodeComponent(text: string): string {
  return text.indexOf('%') === -1 ? text : decodeURIComponent(text);
}

/** Splits a raw query string; `+` stays `+` (SDKs send spaces as %20), bad escapes are reported. */
export function parseQuery(raw: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  if (!raw) return query;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
    const values = query.get(name);
    if (values) values.push(value);
    else query.set(name, [value]);
  }
  return query;
}

/**
 * A list header's items: comma-separated, an item holding a comma or a quote sent as a quoted string with
 * backslash escapes, and HTTP dates (which hold a comma: `Mon, 16 Dec 2019 23:48:18 GMT`) taken two parts at a time.
 */
export function splitHeaderList(text: string, timestamps: boolean): string[] {
  if (text.trim() === '') return [];
  if (timestamps && !/^\s*-?\d/.test(text)) return (text.match(/[^,]+,[^,]+/g) ?? []).map((date) => date.trim());
  const items: string[] = [];
  let at = 0;
  while (at <= text.length) {
    while (text[at] === ' ' || text[at] === '\t') at++;
    let end = text.indexOf(',', at);
    if (text[at] === '"') {
      let item = '';
      for (at++; at < text.length && text[at] !== '"'; at++) item += text[at] === '\\' ? (text[++at] ?? '') : text[at];
      items.push(item);
      end = text.indexOf(',', at);
    } else {
      items.push(text.slice(at, end === -1 ? text.length : end).trim());
    }
    if (end === -1) break;
    at = end + 1;
  }
  return items;
}

function parseScalarText(
  shape: Shape,
  text: string,
  path: string,
  problems: ParseProblems,
  location: 'querystring' | 'header' | 'uri',
): unknown {
  switch (shape.type) {
    case 'string':
      return text;
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(text.trim())) {
        problems.add(path, text, 'Member must be a number');
        return undefined;
      }
      return Number(text);
    }
    case 'float':
    case 'double': {
      const number = Number(text);
      if (text.trim() === '' || (Number.isNaN(number) && text !== 'NaN')) {
        problems.add(path, text, 'Member must be a number');
        return undefined;
      }
      return number;
    }
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      problems.add(path, text, 'Member must be a boolean');
      return undefined;
    case 'timestamp': {
      // Headers default to HTTP dates, querystring and labels to ISO-8601 (Smithy's defaults).
      const date = /^-?\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
      if (Number.isNaN(date.getTime())) {
        problems.add(path, text, `Member must be a timestamp (${location === 'header' ? 'HTTP date' : 'ISO-8601'})`);
        return undefined;
      }
      return date;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      problems.add(path, text, `Member of type ${shape.type} cannot travel in the ${location}`);
      return undefined;
  }
}

/** A JSON value checked against its shape; wrong JSON types become problems with the member's path. */
export function fromJson(
  model: ServiceModel,
  ref: MemberRef,
  value: unknown,
  path: string,
  problems: ParseProblems,
): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = model.shape(ref.shape);
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.add(path, value, 'Member must be a structure');
        return undefined;
      }
      return structureFromJson(model, shape, value as Record<string, unknown>, path, problems);
    }
    case 'list': {
      if (!Array.isArray(value)) {
        problems.add(path, value, 'Member must be a list');
        return undefined;
      }
      // AWS lists are not sparse (QA M2): a null member is a validation error, not a hole for handlers to trip on.
      return value.map((item, index) => {
        const memberPath = `${path}.${index + 1}.member`;
        if (item === null) problems.add(memberPath, null, 'Member must not be null');
        return fromJson(model, shape.member!, item, memberPath, problems);
      });
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.add(path, value, 'Member must be a map');
        return undefined;
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === null) problems.add(`${path}.${key}.value`, null, 'Member must not be null');
        out[key] = fromJson(model, shape.value!, item, `${path}.${key}.value`, problems);
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') {
        problems.add(path, value, 'Member must be a string');
        return undefined;
      }
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problems.add(path, value, 'Member must be an integer');
        return undefined;
      }
      return value;
    case 'float':
    case 'double':
      if (typeof value === 'number') return value;
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      problems.add(path, value, 'Member must be a number');
      return undefined;
    case 'boolean':
      if (typeof value !== 'boolean') {
        problems.add(path, value, 'Member must be a boolean');
        return undefined;
      }
      return value;
    case 'timestamp': {
      const date =
        typeof value === 'number'
          ? new Date(value * 1000)
          : typeof value === 'string'
            ? new Date(value)
            : new Date(Number.NaN);
      if (Number.isNaN(date.getTime())) {
        problems.add(path, value, 'Member must be a timestamp');
        return undefined;
      }
      return date;
    }
    case 'blob':
      if (typeof value !== 'string') {
        problems.add(path, value, 'Member must be a base64-encoded string');
        return undefined;
      }
      return Buffer.from(value, 'base64');
    default:
      return value;
  }
}

function structureFromJson(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  path: string,
  problems: ParseProblems,
  onlyBodyMembers = false,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prefix = path ? `${path}.` : '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (onlyBodyMembers && ref.location) continue;
    const key = wireName(name, ref);
    if (!(key in value)) continue;
    const bound = fromJson(model, ref, value[key], `${prefix}${key}`, problems);
    if (bound !== undefined) out[name] = bound;
  }
  return out;
}

/** Binds one request to its operation's input shape. `labels` are the decoded URI labels of the route. */
export function bindInput(
  model: ServiceModel,
  operation: Operation,
  request: RawRequest,
  labels: Record<string, string>,
): { input: Record<string, unknown>; problems: ParseProblems } {
  const problems = new ParseProblems();
  const input: Record<string, unknown> = {};
  if (!operation.input) return { input, problems };
  const shape = model.shape(operation.input.shape);
  const claimedQuery = new Set<string>();
  let queryMapMember: [string, MemberRef] | undefined;
  let hasBodyMembers = false;

  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberShape = model.shape(ref.shape);
    const wire = wireName(name, ref);
    switch (ref.location) {
      case 'uri': {
        const text = labels[wire];
        if (text !== undefined) input[name] = parseScalarText(memberShape, text, wire, problems, 'uri');
        break;
      }
      case 'querystring': {
        if (memberShape.type === 'map') {
          queryMapMember = [name, ref];
          break;
        }
        claimedQuery.add(wire);
        const values = request.query.get(wire);
        if (!values) break;
        if (memberShape.type === 'list') {
          const itemShape = model.shape(memberShape.member!.shape);
          input[name] = values.map((text, i) =>
            parseScalarText(itemShape, text, `${wire}.${i + 1}.member`, problems, 'querystring'),
          );
        } else {
          input[name] = parseScalarText(memberShape, values[0]!, wire, problems, 'querystring');
        }
        break;
      }
      case 'header': {
        const header = request.headers[wire.toLowerCase()];
        if (header === undefined) break;
        const text = Array.isArray(header) ? header.join(', ') : header;
        if (ref.jsonvalue) {
          try {
            const json = Buffer.from(text, 'base64').toString('utf8');
            if (jsonNestingExceeds(json)) throw new Error('too deep');
            input[name] = JSON.parse(json);
          } catch {
            problems.add(wire, text, 'Member must be base64-encoded JSON');
          }
        } else if (memberShape.type === 'list') {
          const itemShape = model.shape(memberShape.member!.shape);
          input[name] = splitHeaderList(text, itemShape.type === 'timestamp').map((part) =>
            parseScalarText(itemShape, part, wire, problems, 'header'),
          );
        } else {
          input[name] = parseScalarText(memberShape, text, wire, problems, 'header');
        }
        break;
      }
      case 'headers': {
        const prefix = wire.toLowerCase();
        const map: Record<string, string> = {};
        for (const [header, value] of Object.entries(request.headers)) {
          if (header.startsWith(prefix) && value !== undefined) {
            map[header.slice(prefix.length)] = Array.isArray(value) ? value.join(', ') : value;
          }
        }
        if (Object.keys(map).length > 0) input[name] = map;
        break;
      }
      default:
        if (name !== shape.payload) hasBodyMembers = true;
    }
  }

  if (queryMapMember) {
    const [name, ref] = queryMapMember;
    const map: Record<string, string | string[]> = {};
    const valueShape = model.shape(model.shape(ref.shape).value!.shape);
    for (const [key, values] of request.query) {
      if (!claimedQuery.has(key)) map[key] = valueShape.type === 'list' ? values : values[0]!;
    }
    if (Object.keys(map).length > 0) input[name] = map;
  }

  if (shape.payload) {
    const ref = shape.members![shape.payload]!;
    const payloadShape = model.shape(ref.shape);
    if (!Buffer.isBuffer(request.body)) {
      // A streamed body that announces no bytes is an absent member, so `required` applies to it.
      const declaredLength = request.headers['content-length'];
      const empty =
        declaredLength === '0' || (declaredLength === undefined && request.headers['transfer-encoding'] === undefined);
      if (!empty) input[shape.payload] = request.body;
    } else if (payloadShape.type === 'blob' || payloadShape.type === 'string') {
      if (request.body.length > 0) {
        input[shape.payload] = payloadShape.type === 'blob' ? request.body : request.body.toString('utf8');
      }
    } else if (request.body.length > 0) {
      const parsed = parseJsonBody(request.body, problems);
      if (parsed !== undefined)
        input[shape.payload] = fromJson(model, ref, parsed, wireName(shape.payload, ref), problems);
    }
  } else if (hasBodyMembers && Buffer.isBuffer(request.body) && request.body.length > 0) {
    const parsed = parseJsonBody(request.body, problems);
    if (parsed !== undefined) {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.cannotParse = true;
        problems.problems.push('The request body must be a JSON object');
      } else {
        Object.assign(input, structureFromJson(model, shape, parsed as Record<string, unknown>, '', problems, true));
      }
    }
  }
  return { input, problems };
}

function parseJsonBody(body: Buffer, problems: ParseProblems): unknown {
  const text = body.toString('utf8');
  if (jsonNestingExceeds(text)) {
    problems.cannotParse = true;
    problems.problems.push(`The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.cannotParse = true;
    problems.problems.push(`The request body is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}
