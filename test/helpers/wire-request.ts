// A test-side restJson1 client: lays an input (member names) onto the wire by the model — labels,
// querystring, headers, JSON body — so table tests can send values an SDK would refuse or coerce.
import type { MemberRef, Operation, ServiceModel } from '../../src/aws/model.js';
import type { SignedFetchOptions } from './clients.js';

function jsonOf(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  const shape = model.shape(ref.shape);
  if (value === undefined || value === null) return value;
  if (shape.type === 'structure') {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const item = (value as Record<string, unknown>)[name];
      if (item !== undefined) out[member.locationName ?? name] = jsonOf(model, member, item);
    }
    return out;
  }
  if (shape.type === 'list' && Array.isArray(value)) return value.map((item) => jsonOf(model, shape.member!, item));
  return value;
}

export function wireRequest(
  model: ServiceModel,
  operation: Operation,
  input: Record<string, unknown>,
): SignedFetchOptions {
  const shape = model.shape(operation.input!.shape);
  let path = operation.http.requestUri;
  const query: Record<string, string | string[]> = {};
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  let rawPayload: string | undefined;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const value = input[name];
    const wire = ref.locationName ?? name;
    if (ref.location === 'uri') {
      path = path.replace(new RegExp(`\\{${wire}\\+?\\}`), encodeURIComponent(String(value ?? '')));
      continue;
    }
    if (value === undefined) continue;
    if (ref.location === 'querystring') query[wire] = Array.isArray(value) ? value.map(String) : String(value);
    else if (ref.location === 'header') headers[wire.toLowerCase()] = String(value);
    else if (name === shape.payload && model.shape(ref.shape).type === 'blob') rawPayload = String(value);
    else if (!ref.location) body[wire] = jsonOf(model, ref, value);
  }
  if (shape.payload && model.shape(shape.members![shape.payload]!.shape).type === 'blob') {
    return { method: operation.http.method, path, query, headers, body: rawPayload };
  }
  const hasBody = Object.values(shape.members ?? {}).some((ref) => !ref.location);
  return { method: operation.http.method, path, query, headers, body: hasBody ? JSON.stringify(body) : undefined };
}
