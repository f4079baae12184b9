// Values made from a service model, for table tests: a valid value for any shape, and for each
// constraint of each member one value that breaks exactly that constraint.
import type { MemberRef, ServiceModel, Shape } from '../../src/aws/model.js';
import { patternRegExp } from '../../src/aws/validate.js';

const STRING_CANDIDATES = [
  'ab',
  'a1',
  'abc',
  'abcd',
  'a',
  '1',
  '12',
  '123456789012',
  'abc-def',
  'v1.0',
  '1.0',
  'x'.repeat(36),
  'x'.repeat(64),
  'arn:aws:codeartifact:us-east-1:123456789012:domain/x',
  'arn:aws:imagebuilder:us-east-1:123456789012:image/x1/1.0.0/1',
  'arn:aws:imagebuilder:us-east-1:123456789012:image/x1/1.0.0',
  'arn:aws:iam::123456789012:role/x1',
  'Linux',
  'abc-def-ghi',
  '1.0.0',
];

function lengthOk(shape: Shape, text: string): boolean {
  const length = [...text].length;
  return (shape.min === undefined || length >= shape.min) && (shape.max === undefined || length <= shape.max);
}

export function validString(shape: Shape): string {
  if (shape.enum) return shape.enum[0]!;
  const fits = (text: string) =>
    lengthOk(shape, text) && (shape.pattern === undefined || patternRegExp(shape.pattern).test(text));
  const found = STRING_CANDIDATES.find(fits) ?? (shape.min ? 'a'.repeat(shape.min) : 'a');
  if (!fits(found))
    throw new Error(`no valid string candidate for pattern ${shape.pattern} min ${shape.min} max ${shape.max}`);
  return found;
}

export function validValue(model: ServiceModel, ref: MemberRef): unknown {
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'string':
      return validString(shape);
    case 'integer':
    case 'long':
      return shape.min ?? 1;
    case 'float':
    case 'double':
      return shape.min ?? 1;
    case 'boolean':
      return true;
    case 'timestamp':
      return 1700000000;
    case 'blob':
      return 'AAAA';
    case 'list':
      return shape.min ? Array.from({ length: shape.min }, () => validValue(model, shape.member!)) : [];
    case 'map':
      return {};
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const name of shape.required ?? []) out[name] = validValue(model, shape.members![name]!);
      return out;
    }
  }
}

export interface Breaking {
  /** Where in the member-named input tree the bad value goes. */
  inputPath: (string | number)[];
  /** The wire path the error message must name. */
  wirePath: string;
  constraint: string;
  value: unknown; // undefined = leave the member out
  expectedMessage: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function breakingPattern(shape: Shape, valid: string): string | undefined {
  const re = patternRegExp(shape.pattern!);
  const candidates = ['#', ' ', '/', '\u0001', '!', 'A', '-', '_', '.', ':', 'é', '\n'].flatMap((bad) => [
    bad + valid.slice(1),
    valid.slice(0, -1) + bad,
    bad.repeat(Math.max(1, shape.min ?? 1)),
  ]);
  return candidates.find((text) => lengthOk(shape, text) && !re.test(text));
}

/** Every constraint of one member (and of the members nested in it), each broken once. */
export function breakings(
  model: ServiceModel,
  name: string,
  ref: MemberRef,
  required: boolean,
  inputPath: (string | number)[],
  wirePath: string,
  depth = 0,
): Breaking[] {
  const shape = model.shape(ref.shape);
  const out: Breaking[] = [];
  const at = `at '${escapeRegExp(wirePath)}' failed to satisfy constraint: `;
  // A URI label cannot be left out of a path, and x-amz-content-sha256 (PublishPackageVersion's assetSHA256)
  // is also SigV4's payload hash: every signer sends it, and a streamed request without it is a 403.
  if (required && ref.location !== 'uri' && ref.locationName?.toLowerCase() !== 'x-amz-content-sha256') {
    out.push({
      inputPath,
      wirePath,
      constraint: 'required',
      value: undefined,
      expectedMessage: new RegExp(`Value null ${at}Member must not be null`),
    });
  }
  switch (shape.type) {
    case 'string': {
      if (shape.enum) {
        out.push({
          inputPath,
          wirePath,
          constraint: 'enum',
          value: 'NOT_A_MEMBER',
          expectedMessage: new RegExp(`${at}Member must satisfy enum value set`),
        });
        break;
      }
      const valid = validString(shape);
      // An empty header or URI label cannot be sent at all (an empty label changes the path), so min 1 is
      // only breakable there by a longer minimum.
      const emptyUnsendable = ref.location === 'header' || (ref.location === 'uri' && shape.min === 1);
      if (shape.min !== undefined && shape.min > 0 && !emptyUnsendable) {
        out.push({
          inputPath,
          wirePath,
          constraint: 'min length',
          value: valid.slice(0, shape.min - 1).padEnd(shape.min - 1, valid[0]!),
          expectedMessage: new RegExp(`${at}Member must have length greater than or equal to ${shape.min}`),
        });
      }
      if (shape.max !== undefined && shape.max < 5000) {
        out.push({
          inputPath,
          wirePath,
          constraint: 'max length',
          value: valid.padEnd(shape.max + 1, valid[valid.length - 1]!),
          expectedMessage: new RegExp(`${at}Member must have length less than or equal to ${shape.max}`),
        });
      }
      if (shape.pattern !== undefined) {
        const bad = breakingPattern(shape, valid);
        if (bad === undefined) throw new Error(`cannot break pattern ${shape.pattern} of ${wirePath}`);
        out.push({
          inputPath,
          wirePath,
          constraint: 'pattern',
          value: bad,
          expectedMessage: new RegExp(
            `${at}Member must satisfy regular expression pattern: ${escapeRegExp(shape.pattern)}`,
          ),
        });
      }
      break;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      if (shape.min !== undefined)
        out.push({
          inputPath,
          wirePath,
          constraint: 'min value',
          value: shape.min - 1,
          expectedMessage: new RegExp(`${at}Member must have value greater than or equal to ${shape.min}`),
        });
      if (shape.max !== undefined)
        out.push({
          inputPath,
          wirePath,
          constraint: 'max value',
          value: shape.max + 1,
          expectedMessage: new RegExp(`${at}Member must have value less than or equal to ${shape.max}`),
        });
      break;
    }
    case 'list': {
      const item = validValue(model, shape.member!);
      // An empty list in a querystring or header is the list left out, so it meets `required`, not `min`.
      const emptyIsAbsent = ref.location === 'querystring' || ref.location === 'header';
      if (shape.min !== undefined && shape.min > 0 && !(emptyIsAbsent && shape.min === 1))
        out.push({
          inputPath,
          wirePath,
          constraint: 'min items',
          value: Array.from({ length: shape.min - 1 }, () => item),
          expectedMessage: new RegExp(`${at}Member must have length greater than or equal to ${shape.min}`),
        });
      if (shape.max !== undefined)
        out.push({
          inputPath,
          wirePath,
          constraint: 'max items',
          value: Array.from({ length: shape.max + 1 }, () => item),
          expectedMessage: new RegExp(`${at}Member must have length less than or equal to ${shape.max}`),
        });
      if (depth < 3)
        out.push(
          ...breakings(model, 'member', shape.member!, false, [...inputPath, 0], `${wirePath}.1.member`, depth + 1),
        );
      break;
    }
    case 'structure': {
      if (depth < 3) {
        for (const [memberName, memberRef] of Object.entries(shape.members ?? {})) {
          out.push(
            ...breakings(
              model,
              memberName,
              memberRef,
              shape.required?.includes(memberName) ?? false,
              [...inputPath, memberName],
              `${wirePath}.${memberRef.locationName ?? memberName}`,
              depth + 1,
            ),
          );
        }
      }
      break;
    }
    default:
      break;
  }
  void name;
  return out;
}

/**
 * The base input with one breaking applied. Containers on the way are created valid (a list gets one
 * valid element), so only the one constraint is broken.
 */
export function applyBreaking(
  model: ServiceModel,
  inputRef: MemberRef,
  base: Record<string, unknown>,
  breaking: Breaking,
): Record<string, unknown> {
  const input = structuredClone(base);
  let node: any = input;
  let ref = inputRef;
  const path = breaking.inputPath;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const shape = model.shape(ref.shape);
    ref = shape.type === 'list' ? shape.member! : shape.members![key as string]!;
    if (node[key] === undefined || (Array.isArray(node[key]) && node[key].length === 0)) {
      node[key] =
        model.shape(ref.shape).type === 'list'
          ? [validValue(model, model.shape(ref.shape).member!)]
          : validValue(model, ref);
    }
    node = node[key];
  }
  const last = path[path.length - 1]!;
  if (breaking.value === undefined) delete node[last];
  else node[last] = breaking.value;
  return input;
}
