// Typed view of a botocore service model (service-2.json) and its loader. Everything the engine knows
// about an AWS service's wire contract comes from here; nothing is hand-written per operation.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export interface MemberRef {
  shape: string;
  location?: MemberLocation;
  locationName?: string;
  idempotencyToken?: boolean;
  jsonvalue?: boolean;
  timestampFormat?: string;
}

export interface Shape {
  type: ShapeType;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  payload?: string;
  streaming?: boolean;
  timestampFormat?: string;
  /** A document: free-form JSON (any JSON value), read and written as it is. */
  document?: boolean;
  error?: { httpStatusCode: number; code?: string; senderFault?: boolean };
  exception?: boolean;
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface ServiceModelJson {
  metadata: { signingName: string; serviceId: string; apiVersion: string; endpointPrefix: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

export interface Paginator {
  input_token: string;
  output_token: string;
  limit_key?: string;
  result_key: string | string[];
}

export class ServiceModel {
  readonly signingName: string;
  readonly operations: Record<string, Operation>;
  readonly shapes: Record<string, Shape>;
  readonly paginators: Record<string, Paginator>;

  constructor(json: ServiceModelJson, paginators: Record<string, Paginator>) {
    this.signingName = json.metadata.signingName;
    this.operations = json.operations;
    this.shapes = json.shapes;
    this.paginators = paginators;
  }

  shape(name: string): Shape {
    const found = this.shapes[name];
    if (!found) throw new Error(`model ${this.signingName} has no shape ${name}`);
    return found;
  }

  operation(name: string): Operation {
    const found = this.operations[name];
    if (!found) throw new Error(`model ${this.signingName} has no operation ${name}`);
    return found;
  }

  /** The error shape for an error code, when this service models one by that name. */
  errorShape(code: string): Shape | undefined {
    const shape = this.shapes[code];
    return shape?.exception ? shape : undefined;
  }
}

// src/aws/models from both src/aws (tsx) and dist/aws (compiled): the JSON stays in src/, vendored once.
const modelsDir = fileURLToPath(new URL('../../src/aws/models/', import.meta.url));

// Quiver's own operations of a service (src/aws/extensions/<service>.json), in the same format.
const extensionsDir = fileURLToPath(new URL('../../src/aws/extensions/', import.meta.url));

const cache = new Map<string, ServiceModel>();

export function loadServiceModel(service: string): ServiceModel {
  const cached = cache.get(service);
  if (cached) return cached;
  const json = JSON.parse(readFileSync(`${modelsDir}${service}/service-2.json`, 'utf8')) as ServiceModelJson;
  const pages = JSON.parse(readFileSync(`${modelsDir}${service}/paginators-1.json`, 'utf8')) as {
    pagination: Record<string, Paginator>;
  };
  if (existsSync(`${extensionsDir}${service}.json`)) {
    const extension = JSON.parse(readFileSync(`${extensionsDir}${service}.json`, 'utf8')) as Pick<
      ServiceModelJson,
      'operations' | 'shapes'
    >;
    for (const name of [...Object.keys(extension.operations), ...Object.keys(extension.shapes)]) {
      if (json.operations[name] || json.shapes[name])
        throw new Error(`extension ${service}.json redefines ${name} of the AWS model`);
    }
    Object.assign(json.operations, extension.operations);
    Object.assign(json.shapes, extension.shapes);
  }
  const model = new ServiceModel(json, pages.pagination);
  cache.set(service, model);
  return model;
}

export function botocoreVersion(): string {
  return readFileSync(`${modelsDir}BOTOCORE_VERSION`, 'utf8').trim();
}
