// The Cargo routes routes.ts serves, as templates (see ../route-templates.ts). Keep this list and the route table
// together: the fuzz tier fails on a listed route the server does not serve.
import type { RegistryFormatRoutes } from '../route-templates.js';

export const cargoRoutes: RegistryFormatRoutes = {
  format: 'cargo',
  endpoint: '/{domain}-{owner}/cargo/{repository}/',
  examples: { crate: 'fz-crate', ab: 'fz', cd: '-c', one: 'a', two: 'ab', three: 'abc', c: 'a', version: '1.0.0' },
  templates: [
    { method: 'GET', path: 'config.json' },
    { method: 'GET', path: '1/{one}' },
    { method: 'GET', path: '2/{two}' },
    { method: 'GET', path: '3/{c}/{three}' },
    { method: 'GET', path: '{ab}/{cd}/{crate}' },
    // The publish body is a binary frame; the fuzz sends JSON and hostile bodies, which must be 4xx.
    { method: 'PUT', path: 'api/v1/crates/new', example: { name: '{crate}', vers: '{version}' } },
    { method: 'DELETE', path: 'api/v1/crates/{crate}/{version}/yank' },
    { method: 'PUT', path: 'api/v1/crates/{crate}/{version}/unyank' },
    { method: 'GET', path: 'api/v1/crates/{crate}/{version}/download' },
    { method: 'HEAD', path: 'api/v1/crates/{crate}/{version}/download' },
  ],
};
