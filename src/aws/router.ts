// (signed service, method, raw path) → operation, from the model's http.requestUri templates.
// Labels match one percent-encoded path segment ({Label}) or the rest of the path ({Label+}); the
// most literal template wins, as in Smithy's routing. Matching runs on the raw path so an encoded `/`
// (%2F) inside a label, as in Panorama's `packageName/<name>` ids, stays inside its label.
import type { Operation, ServiceModel } from './model.js';

interface Route {
  operation: Operation;
  method: string;
  /** The template's text before its first label: a path not starting with it cannot match (no regex run). */
  prefix: string;
  /** The template's first segment when it is all literal (`/packages/{name}` → `packages`), else undefined. */
  first: string | undefined;
  regex: RegExp;
  labels: string[];
  requiredQuery: [string, string | undefined][];
  literalLength: number;
}

export interface RouteMatch {
  operation: Operation;
  labels: Record<string, string>;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(operation: Operation): Route {
  const [pathTemplate, fixedQuery] = operation.http.requestUri.split('?', 2) as [string, string | undefined];
  const labels: string[] = [];
  let literalLength = 0;
  let pattern = '';
  let prefix: string | undefined;
  for (const part of pathTemplate.split(/(\{[^}]+\})/)) {
    const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
    if (label) {
      prefix ??= pattern.length === 0 ? '' : pathTemplate.slice(0, pathTemplate.indexOf(part));
      labels.push(label[1]!);
      pattern += label[2] ? '(.+)' : '([^/]+)';
    } else {
      literalLength += part.length;
      pattern += escapeRegex(part);
    }
  }
  const requiredQuery: [string, string | undefined][] = (fixedQuery ?? '')
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name, value] = pair.split('=', 2) as [string, string | undefined];
      return [name, value];
    });
  return {
    operation,
    method: operation.http.method.toUpperCase(),
    // A template without labels matches itself with or without a trailing slash: the prefix drops a final `/`.
    prefix: prefix ?? pathTemplate.replace(/\/$/, ''),
    first: firstSegment(pathTemplate),
    labels,
    requiredQuery,
    literalLength,
    regex: new RegExp(`^${pattern}/?$`),
  };
}

function hasRequiredQuery(route: Route, query: Map<string, string[]>): boolean {
  for (const [name, value] of route.requiredQuery) {
    const values = query.get(name);
    if (values === undefined || (value !== undefined && values[0] !== value)) return false;
  }
  return true;
}

/** A template's first segment (`/packages/{x}` → `packages`); undefined when it holds a label or the path no `/`. */
function firstSegment(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const end = path.indexOf('/', 1);
  const segment = end === -1 ? path.slice(1) : path.slice(1, end);
  return segment.includes('{') ? undefined : segment;
}

/**
 * The routes a request may match, in `routes` order: those of its method whose template starts with the
 * request's first segment, and those whose first segment is a label (IoT has 111 GET routes; a request tries ~5).
 */
interface MethodRoutes {
  bySegment: Map<string, Route[]>;
  /** Routes whose first segment is not literal: all a request with an unlisted first segment may match. */
  others: Route[];
}

export class Router {
  private readonly routes: Route[];
  private readonly byMethod = new Map<string, MethodRoutes>();

  constructor(model: ServiceModel) {
    this.routes = Object.values(model.operations).map((operation, index) => {
      operation.name ??= Object.keys(model.operations)[index]!;
      return compile(operation);
    });
    // Most specific first: more fixed query parameters, then more literal characters, then fewer labels.
    this.routes.sort(
      (a, b) =>
        b.requiredQuery.length - a.requiredQuery.length ||
        b.literalLength - a.literalLength ||
        a.labels.length - b.labels.length,
    );
    for (const method of new Set(this.routes.map((route) => route.method))) {
      const ofMethod = this.routes.filter((route) => route.method === method);
      const segments = new Set(ofMethod.map((route) => route.first));
      const bySegment = new Map<string, Route[]>();
      for (const segment of segments) {
        if (segment === undefined) continue;
        bySegment.set(
          segment,
          ofMethod.filter((route) => route.first === undefined || route.first === segment),
        );
      }
      this.byMethod.set(method, {
        bySegment,
        others: ofMethod.filter((route) => route.first === undefined),
      });
    }
  }

  private candidates(method: string, rawPath: string): Route[] {
    const ofMethod = this.byMethod.get(method);
    if (!ofMethod) return [];
    const end = rawPath.indexOf('/', 1);
    const segment = rawPath.startsWith('/') ? (end === -1 ? rawPath.slice(1) : rawPath.slice(1, end)) : undefined;
    return (segment !== undefined && ofMethod.bySegment.get(segment)) || ofMethod.others;
  }

  match(method: string, rawPath: string, query: Map<string, string[]>): RouteMatch | undefined {
    for (const route of this.candidates(method, rawPath)) {
      if (!rawPath.startsWith(route.prefix)) continue;
      const found = route.regex.exec(rawPath);
      if (!found || !hasRequiredQuery(route, query)) continue;
      const labels: Record<string, string> = {};
      try {
        route.labels.forEach((label, i) => {
          labels[label] = decodeURIComponent(found[i + 1]!);
        });
      } catch {
        continue;
      }
      return { operation: route.operation, labels };
    }
    return undefined;
  }
}
