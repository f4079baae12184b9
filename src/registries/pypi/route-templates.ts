// The PyPI routes routes.ts serves, as templates (see ../route-templates.ts). Keep this list and the route table
// together: the fuzz tier fails on a listed route the server does not serve.
import type { RegistryFormatRoutes } from '../route-templates.js';

export const pypiRoutes: RegistryFormatRoutes = {
  format: 'pypi',
  endpoint: '/{domain}-{owner}/pypi/{repository}/',
  examples: { project: 'fz-pkg', version: '1.0', file: 'fz_pkg-1.0-py3-none-any.whl' },
  templates: [
    { method: 'GET', path: 'simple/{project}/' },
    { method: 'GET', path: 'simple/{project}' },
    { method: 'GET', path: 'simple/{project}/{version}/{file}' },
    { method: 'HEAD', path: 'simple/{project}/{version}/{file}' },
    { method: 'GET', path: 'simple/{project}/{version}/{file}.metadata' },
    // The legacy upload takes multipart/form-data; the fuzz sends it JSON and hostile bodies, which must be 4xx.
    { method: 'POST', path: '', example: { ':action': 'file_upload', name: '{project}', version: '{version}' } },
  ],
};
