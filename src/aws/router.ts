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

export class Router {
  private readonly routes: Route[];
  /** The routes of each method, in `routes` order: a request tries only its own method's. */
  private readonly byMethod = new Map<string, Route[]>();

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
    for (const route of this.routes) {
      const routes = this.byMethod.get(route.method);
      if (routes) routes.push(route);
      else this.byMethod.set(route.method, [route]);
    }
  }

  match(method: string, rawPath: string, query: Map<string, string[]>): RouteMatch | undefined {
    for (const route of this.byMethod.get(method) ?? []) {
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
