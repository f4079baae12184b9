// Emits TypeScript types for a service model: one interface per structure reachable from an operation, enums
// as string-literal unions, and an `Operations` map from operation name to its input and output. The types
// describe the values the engine hands a handler and accepts back (src/aws/codec.ts, src/aws/response.ts):
// timestamps arrive as Date and are written from Date; a blob is a Buffer, except a streaming payload, which
// the engine hands over unbuffered as the request stream (Readable) and sends back from a Buffer or a stream.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadServiceModel, type MemberRef, type ServiceModel, type Shape } from '../src/aws/model.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The AWS services Quiver serves, each vendored under src/aws/models/<service>/. */
export const VENDORED_SERVICES = ['codeartifact', 'iot', 'panorama', 'imagebuilder'];

/**
 * src/aws/models/<service>/types.ts as it should read: emitted from the model as the engine loads it, then
 * formatted by the project's formatter, so the generated file passes `npm run lint` like hand-written ones.
 */
export function generatedModelTypes(service: string): string {
  const extended = existsSync(join(root, 'src', 'aws', 'extensions', `${service}.json`));
  const source = emitModelTypes(loadServiceModel(service), service, extended);
  const path = join(root, 'src', 'aws', 'models', service, 'types.ts');
  const biome = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', `--stdin-file-path=${path}`], {
    input: source,
    encoding: 'utf8',
    cwd: root,
  });
  if (biome.status !== 0) throw new Error(`biome could not format the ${service} types: ${biome.stderr}`);
  return biome.stdout;
}

// Names this file itself uses; a shape called so is emitted with a `Shape` suffix.
const RESERVED = new Set(['Date', 'Buffer', 'Record', 'Partial', 'Readable', 'Operations']);

const typeName = (shape: string) => (RESERVED.has(shape) ? `${shape}Shape` : shape);

const propertyName = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `'${name}'`);

/** Where a streaming payload sits decides its type: the engine hands a stream in and takes either back. */
type Side = 'input' | 'output' | 'both';

export function emitModelTypes(model: ServiceModel, service: string, extended: boolean): string {
  const named = new Map<string, Shape>();
  const rootSide = new Map<string, Side>();
  let usesReadable = false;

  const visit = (shapeName: string) => {
    if (named.has(shapeName)) return;
    const shape = model.shape(shapeName);
    if (shape.type === 'structure' || (shape.type === 'string' && shape.enum)) named.set(shapeName, shape);
    const refs =
      shape.type === 'structure'
        ? Object.values(shape.members ?? {})
        : shape.type === 'list'
          ? [shape.member!]
          : shape.type === 'map'
            ? [shape.key!, shape.value!]
            : [];
    for (const ref of refs) visit(ref.shape);
  };
  const markRoot = (shapeName: string, side: 'input' | 'output') => {
    const seen = rootSide.get(shapeName);
    rootSide.set(shapeName, seen && seen !== side ? 'both' : side);
    visit(shapeName);
  };
  const operations = Object.values(model.operations).sort((a, b) => a.name.localeCompare(b.name));
  for (const operation of operations) {
    if (operation.input) markRoot(operation.input.shape, 'input');
    if (operation.output) markRoot(operation.output.shape, 'output');
  }

  const typeOf = (ref: MemberRef, side: Side | undefined): string => {
    if (ref.jsonvalue) return 'unknown';
    const shape = model.shape(ref.shape);
    switch (shape.type) {
      case 'structure':
        return typeName(ref.shape);
      case 'list':
        return `${wrapForArray(typeOf(shape.member!, undefined))}[]`;
      case 'map': {
        const key = model.shape(shape.key!.shape);
        const value = typeOf(shape.value!, undefined);
        return key.enum ? `Partial<Record<${typeName(shape.key!.shape)}, ${value}>>` : `Record<string, ${value}>`;
      }
      case 'string':
        return shape.enum ? typeName(ref.shape) : 'string';
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'Date';
      case 'blob':
        if (!shape.streaming) return 'Buffer';
        usesReadable = true;
        return side === 'input' ? 'Readable' : 'Buffer | Readable';
    }
  };

  const declarations: string[] = [];
  for (const [shapeName, shape] of [...named].sort(([a], [b]) => a.localeCompare(b))) {
    if (shape.type === 'string') {
      declarations.push(`export type ${typeName(shapeName)} = ${shape.enum!.map((v) => quote(v)).join(' | ')};`);
      continue;
    }
    const members = Object.entries(shape.members ?? {});
    if (members.length === 0) {
      declarations.push(`export type ${typeName(shapeName)} = Record<string, never>;`);
      continue;
    }
    const required = new Set(shape.required ?? []);
    const side = rootSide.get(shapeName);
    const lines = members.map(
      ([name, ref]) =>
        `  ${propertyName(name)}${required.has(name) ? '' : '?'}: ${typeOf(ref, shape.payload === name ? side : undefined)};`,
    );
    declarations.push(`export interface ${typeName(shapeName)} {\n${lines.join('\n')}\n}`);
  }

  const operationLines = operations.map((operation) => {
    const input = operation.input ? typeName(operation.input.shape) : 'Record<string, never>';
    // An operation without an output shape answers `{}` whatever the handler returns: it returns nothing.
    const output = operation.output ? typeName(operation.output.shape) : 'Record<string, never>';
    return `  ${operation.name}: { input: ${input}; output: ${output} };`;
  });

  return [
    `// Generated by scripts/import-models.ts from src/aws/models/${service}${extended ? ` and src/aws/extensions/${service}.json` : ''}; do not edit.`,
    ...(usesReadable ? ["import type { Readable } from 'node:stream';"] : []),
    '',
    '/** Every operation of the model: the input the engine binds and the output a handler returns. */',
    `export interface Operations {\n${operationLines.join('\n')}\n}`,
    '',
    declarations.join('\n\n'),
    '',
  ].join('\n');
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const wrapForArray = (type: string) => (/[|&]/.test(type) ? `(${type})` : type);
