// Every constraint a botocore model states, checked on the server (botocore and the JS SDK check almost
// nothing client-side). Messages follow AWS's Coral wording so users recognise them:
//   Value 'X' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: ...
// `path` is always the wire name the client sent (querystring/header/JSON name), nested as AWS does:
// `upstreams.1.member.repositoryName`.
import { describeValue } from './errors.js';
import { javaPatternToJs } from './java-regex.js';
import type { MemberRef, ServiceModel, Shape } from './model.js';

const compiledPatterns = new Map<string, RegExp>();

/**
 * AWS matches the whole value (Java's Matcher.matches()), although botocore patterns are unanchored; the
 * patterns are Java regular expressions, translated to JS with the same meaning (java-regex.ts).
 */
export function patternRegExp(pattern: string): RegExp {
  let re = compiledPatterns.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${javaPatternToJs(pattern)})$`, 'u');
    compiledPatterns.set(pattern, re);
  }
  return re;
}

/** Length as AWS counts it for strings: Unicode code points. */
function stringLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

function failed(problems: string[], path: string, value: unknown, constraint: string): void {
  problems.push(`Value ${describeValue(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
}

function checkLength(problems: string[], shape: Shape, path: string, value: unknown, length: number): void {
  if (shape.min !== undefined && length < shape.min) {
    failed(problems, path, value, `Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && length > shape.max) {
    failed(problems, path, value, `Member must have length less than or equal to ${shape.max}`);
  }
}

export function validateValue(
  model: ServiceModel,
  ref: MemberRef,
  value: unknown,
  path: string,
  problems: string[],
): void {
  if (value === undefined || value === null) return;
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'string': {
      const text = value as string;
      if (shape.enum && !shape.enum.includes(text)) {
        failed(problems, path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
        return;
      }
      checkLength(problems, shape, path, value, stringLength(text));
      if (shape.pattern !== undefined && !patternRegExp(shape.pattern).test(text)) {
        failed(problems, path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const number = value as number;
      if (shape.min !== undefined && number < shape.min) {
        failed(problems, path, value, `Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && number > shape.max) {
        failed(problems, path, value, `Member must have value less than or equal to ${shape.max}`);
      }
      return;
    }
    case 'blob':
      if (Buffer.isBuffer(value)) checkLength(problems, shape, path, '<blob>', value.length);
      return;
    case 'list': {
      const items = value as unknown[];
      checkLength(problems, shape, path, value, items.length);
      items.forEach((item, index) => {
        validateValue(model, shape.member!, item, `${path}.${index + 1}.member`, problems);
      });
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(problems, shape, path, value, entries.length);
      for (const [key, item] of entries) {
        validateValue(model, shape.key!, key, `${path}.${key}.key`, problems);
        validateValue(model, shape.value!, item, `${path}.${key}.value`, problems);
      }
      return;
    }
    case 'structure':
      validateStructure(model, shape, value as Record<string, unknown>, path, problems);
      return;
    default:
      return;
  }
}

/** The name a member travels under: its querystring/header/JSON name, else the member name. */
export function wireName(memberName: string, ref: MemberRef): string {
  return ref.locationName ?? memberName;
}

export function validateStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  path: string,
  problems: string[],
): void {
  const prefix = path ? `${path}.` : '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberPath = `${prefix}${wireName(name, ref)}`;
    const memberValue = value[name];
    if ((memberValue === undefined || memberValue === null) && shape.required?.includes(name)) {
      failed(problems, memberPath, null, 'Member must not be null');
      continue;
    }
    validateValue(model, ref, memberValue, memberPath, problems);
  }
}
