// The npm routes routes.ts serves, as templates (see ../route-templates.ts). Keep this list, the URL forms of
// npm-urls.ts and the route table in routes.ts together: the fuzz tier fails on a listed route nothing serves.
import type { RegistryFormatRoutes } from '../route-templates.js';

const publishExample = {
  _id: '{package}',
  name: '{package}',
  'dist-tags': { latest: '{version}' },
  versions: { '{version}': { name: '{package}', version: '{version}', dist: { shasum: '', integrity: '' } } },
  _attachments: { '{tarball}': { content_type: 'application/octet-stream', data: 'eA==', length: 1 } },
};

const packumentExample = {
  _id: '{package}',
  _rev: '{rev}',
  name: '{package}',
  versions: { '{version}': { name: '{package}', version: '{version}', deprecated: 'use another' } },
};

export const npmRoutes: RegistryFormatRoutes = {
  format: 'npm',
  endpoint: '/{domain}-{owner}/npm/{repository}/',
  examples: { package: 'fz', version: '1.0.0', tarball: 'fz-1.0.0.tgz', rev: '1-0', tag: 'beta' },
  templates: [
    { method: 'GET', path: '' },
    { method: 'GET', path: '-/ping' },
    { method: 'GET', path: '-/whoami' },
    { method: 'GET', path: '{package}' },
    { method: 'HEAD', path: '{package}' },
    { method: 'PUT', path: '{package}', example: publishExample },
    { method: 'PUT', path: '{package}', example: packumentExample },
    { method: 'PUT', path: '{package}/-rev/{rev}', example: packumentExample },
    { method: 'DELETE', path: '{package}/-rev/{rev}' },
    { method: 'GET', path: '{package}/-/{tarball}' },
    { method: 'HEAD', path: '{package}/-/{tarball}' },
    { method: 'DELETE', path: '{package}/-/{tarball}/-rev/{rev}' },
    { method: 'GET', path: '-/package/{package}/dist-tags' },
    { method: 'PUT', path: '-/package/{package}/dist-tags/{tag}', example: '{version}' },
    { method: 'DELETE', path: '-/package/{package}/dist-tags/{tag}' },
  ],
};
