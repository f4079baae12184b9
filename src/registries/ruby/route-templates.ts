// The RubyGems routes routes.ts serves, as templates (see ../route-templates.ts). Keep this list and the route
// table together: the fuzz tier fails on a listed route the server does not serve.
import type { RegistryFormatRoutes } from '../route-templates.js';

export const rubyRoutes: RegistryFormatRoutes = {
  format: 'ruby',
  endpoint: '/{domain}-{owner}/ruby/{repository}/',
  examples: { gem: 'fz-gem', file: 'fz-gem-1.0.0.gem', spec: 'fz-gem-1.0.0.gemspec.rz' },
  templates: [
    { method: 'GET', path: '' },
    { method: 'GET', path: 'versions' },
    { method: 'GET', path: 'names' },
    { method: 'GET', path: 'info/{gem}' },
    { method: 'GET', path: 'quick/Marshal.4.8/{spec}' },
    { method: 'GET', path: 'gems/{file}' },
    { method: 'HEAD', path: 'gems/{file}' },
    // gem push sends the raw .gem; the fuzz sends JSON and hostile bodies, which must be 4xx.
    { method: 'POST', path: 'api/v1/gems', example: { gem: '{gem}' } },
    { method: 'DELETE', path: 'api/v1/gems/yank', example: { gem_name: '{gem}', version: '1.0.0' } },
  ],
};
