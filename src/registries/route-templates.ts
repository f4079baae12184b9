// Every package-manager route Quiver serves, as templates each format adapter exports beside its handler. The
// fuzz tier (test/fuzz/) drives every template listed here with valid and hostile values, so a new format —
// or a new route of an existing one — is fuzzed by being listed, and a listed route that is not served fails it.
import { cargoRoutes } from './cargo/route-templates.js';
import { mavenRoutes } from './maven/route-templates.js';
import { npmRoutes } from './npm/route-templates.js';
import { nugetRoutes } from './nuget/route-templates.js';
import { pypiRoutes } from './pypi/route-templates.js';
import { rubyRoutes } from './ruby/route-templates.js';
import { swiftRoutes } from './swift/route-templates.js';

export interface RegistryRouteTemplate {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Under the repository endpoint; `{name}` placeholders are filled from the format's examples. */
  path: string;
  /** A valid body for the route (JSON), with `{name}` placeholders in its strings; absent = no body. */
  example?: unknown;
}

export interface RegistryFormatRoutes {
  format: string;
  /** The repository endpoint: `{domain}`, `{owner}`, `{repository}` are filled in. */
  endpoint: string;
  templates: RegistryRouteTemplate[];
  /** A valid value for each placeholder of the templates. */
  examples: Record<string, string>;
}

export const registryRoutes: RegistryFormatRoutes[] = [
  npmRoutes,
  pypiRoutes,
  mavenRoutes,
  cargoRoutes,
  rubyRoutes,
  nugetRoutes,
  swiftRoutes,
];

const endpointPatterns = registryRoutes.map(
  (routes) =>
    new RegExp(
      `^${routes.endpoint
        .replace(/\/$/, '')
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{[a-z]+\}/g, '[^/?]+')}(?:[/?]|$)`,
    ),
);

/** Whether a request path is under a package-manager repository endpoint (rather than an AWS API path). */
export function isRegistryPath(url: string): boolean {
  return endpointPatterns.some((pattern) => pattern.test(url));
}
