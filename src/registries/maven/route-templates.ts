// The maven2 layout routes.ts serves, as templates (see ../route-templates.ts). Keep this list and the handler's
// path kinds together: the fuzz tier fails on a listed route the server does not serve. The bodies are XML or
// bytes, so the fuzz's JSON forms of them must be refused with a 4xx.
import type { RegistryFormatRoutes } from '../route-templates.js';

const pom =
  '<project><modelVersion>4.0.0</modelVersion><groupId>{group}</groupId><artifactId>{artifact}</artifactId>' +
  '<version>{version}</version></project>';
const metadata =
  '<metadata><groupId>{group}</groupId><artifactId>{artifact}</artifactId><versioning><versions>' +
  '<version>{version}</version></versions></versioning></metadata>';

export const mavenRoutes: RegistryFormatRoutes = {
  format: 'maven',
  endpoint: '/{domain}-{owner}/maven/{repository}/',
  examples: { group: 'fz', artifact: 'lib', version: '1.0.0', snapshot: '1.1.0-SNAPSHOT' },
  templates: [
    { method: 'PUT', path: '{group}/{artifact}/{version}/{artifact}-{version}.pom', example: pom },
    { method: 'PUT', path: '{group}/{artifact}/{version}/{artifact}-{version}.jar', example: 'jar' },
    { method: 'PUT', path: '{group}/{artifact}/{version}/{artifact}-{version}.jar.sha1', example: 'da39a3ee' },
    { method: 'PUT', path: '{group}/{artifact}/maven-metadata.xml', example: metadata },
    { method: 'PUT', path: '{group}/{artifact}/maven-metadata.xml.md5', example: 'd41d8cd98f00b204e9800998ecf8427e' },
    {
      method: 'PUT',
      path: '{group}/{artifact}/{snapshot}/{artifact}-1.1.0-20261201.094832-1.jar',
      example: 'jar',
    },
    { method: 'PUT', path: '{group}/{artifact}/{snapshot}/maven-metadata.xml', example: metadata },
    { method: 'GET', path: '{group}/{artifact}/maven-metadata.xml' },
    { method: 'GET', path: '{group}/{artifact}/maven-metadata.xml.sha1' },
    { method: 'GET', path: '{group}/{artifact}/{snapshot}/maven-metadata.xml' },
    { method: 'GET', path: '{group}/{artifact}/{version}/{artifact}-{version}.jar' },
    { method: 'HEAD', path: '{group}/{artifact}/{version}/{artifact}-{version}.jar' },
    { method: 'GET', path: '{group}/{artifact}/{version}/{artifact}-{version}.pom.sha512' },
  ],
};
