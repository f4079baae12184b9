// The NuGet v3 routes routes.ts serves, as templates (see ../route-templates.ts). Keep this list and the route
// table together: the fuzz tier fails on a listed route the server does not serve. The push takes
// multipart/form-data; the fuzz sends it JSON and hostile bodies, which must be 4xx.
import type { RegistryFormatRoutes } from '../route-templates.js';

export const nugetRoutes: RegistryFormatRoutes = {
  format: 'nuget',
  endpoint: '/{domain}-{owner}/nuget/{repository}/',
  examples: { id: 'fz.pkg', version: '1.0.0' },
  templates: [
    { method: 'GET', path: 'v3/index.json' },
    { method: 'GET', path: 'v3/flatcontainer/{id}/index.json' },
    { method: 'GET', path: 'v3/flatcontainer/{id}/{version}/{id}.{version}.nupkg' },
    { method: 'HEAD', path: 'v3/flatcontainer/{id}/{version}/{id}.{version}.nupkg' },
    { method: 'GET', path: 'v3/flatcontainer/{id}/{version}/{id}.nuspec' },
    { method: 'GET', path: 'v3/registration/{id}/index.json' },
    { method: 'GET', path: 'v3/registration/{id}/{version}.json' },
    { method: 'GET', path: 'v3/registration/{id}/{version}/catalogentry.json' },
    { method: 'GET', path: 'v3/registration/{id}/page/{version}/{version}.json' },
    { method: 'GET', path: 'v3/registration-semver2/{id}/index.json' },
    { method: 'GET', path: 'v3/search?q={id}&take=20&prerelease=true&semVerLevel=2.0.0' },
    { method: 'GET', path: 'v3/autocomplete?q={id}' },
    { method: 'GET', path: 'v3/autocomplete?id={id}' },
    { method: 'PUT', path: 'v3/package', example: { package: '{id}' } },
    { method: 'PUT', path: 'v3/index.json/', example: { package: '{id}' } },
    { method: 'PUT', path: 'api/v2/package/', example: { package: '{id}' } },
    { method: 'DELETE', path: 'v3/package/{id}/{version}' },
    { method: 'POST', path: 'v3/package/{id}/{version}' },
  ],
};
