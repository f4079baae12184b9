// The Swift Package Registry routes routes.ts serves, as templates (see ../route-templates.ts). Keep this list and
// the route table together: the fuzz tier fails on a listed route the server does not serve.
import type { RegistryFormatRoutes } from '../route-templates.js';

export const swiftRoutes: RegistryFormatRoutes = {
  format: 'swift',
  endpoint: '/{domain}-{owner}/swift/{repository}/',
  examples: { scope: 'fz-scope', name: 'fz_pkg', version: '1.0.0', url: 'https://example.com/fz/pkg' },
  templates: [
    { method: 'GET', path: '{scope}/{name}' },
    { method: 'GET', path: '{scope}/{name}.json' },
    { method: 'GET', path: '{scope}/{name}/{version}' },
    { method: 'GET', path: '{scope}/{name}/{version}.json' },
    { method: 'GET', path: '{scope}/{name}/{version}/Package.swift' },
    { method: 'GET', path: '{scope}/{name}/{version}.zip' },
    { method: 'HEAD', path: '{scope}/{name}/{version}.zip' },
    { method: 'GET', path: 'identifiers?url={url}' },
    { method: 'POST', path: 'login' },
    // A publish is multipart/form-data; the fuzz sends it JSON and hostile bodies, which must be 4xx.
    { method: 'PUT', path: '{scope}/{name}/{version}', example: { 'source-archive': 'not a zip' } },
  ],
};
