// A value for every member of a shape (not only the required ones), nested a few levels deep, with text that
// needs escaping wherever it travels: the round-trip tests lay these onto the wire with an AWS SDK and read
// them back with Quiver, and the other way round.
import type { MemberRef, ServiceModel } from '../../../src/aws/model.js';

/** Text that needs percent-encoding in a path or query (space, slash, plus, non-ASCII), and is valid in a header. */
export const AWKWARD_TEXT = 'a b/c+d=e&f';
const MAX_DEPTH = 4;

export function sampleValue(model: ServiceModel, ref: MemberRef, depth = 0): unknown {
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'string':
      if (shape.enum) return shape.enum[shape.enum.length - 1]!;
      return ref.location ? AWKWARD_TEXT : `${AWKWARD_TEXT} é ✓`;
    case 'integer':
    case 'long':
      return 7;
    case 'float':
    case 'double':
      return 1.5;
    case 'boolean':
      return true;
    case 'timestamp':
      return new Date(1_700_000_000_000);
    case 'blob':
      return Buffer.from([0, 1, 2, 250, 251, 252]);
    case 'list':
      return depth >= MAX_DEPTH
        ? []
        : [sampleValue(model, shape.member!, depth + 1), sampleValue(model, shape.member!, depth + 1)];
    case 'map':
      return depth >= MAX_DEPTH
        ? {}
        : { first: sampleValue(model, shape.value!, depth + 1), second: sampleValue(model, shape.value!, depth + 1) };
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (depth >= MAX_DEPTH && model.shape(member.shape).type === 'structure') continue;
        out[name] = sampleValue(model, member, depth + 1);
      }
      return out;
    }
  }
}

/** One comparable form for values as Quiver, the SDK and the tests hold them: dates as ms, bytes as base64. */
export function comparable(value: unknown): unknown {
  if (value instanceof Date) return { date: value.getTime() };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, comparable(item)]),
    );
  }
  return value;
}
