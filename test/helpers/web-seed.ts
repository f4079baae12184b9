// A small catalog of every kind, made through the real APIs, for the web catalog's tests and screenshots:
// npm packages with readmes and dependencies, a generic package, IoT and Panorama packages, and two image
// builds whose inventories share openssl at different versions.
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  PublishPackageVersionCommand,
  AssociateExternalConnectionCommand,
} from '@aws-sdk/client-codeartifact';
import {
  CreatePackageCommand as CreateIotPackage,
  CreatePackageVersionCommand,
  IoTClient,
  UpdatePackageVersionCommand,
} from '@aws-sdk/client-iot';
import {
  CreatePackageCommand as CreatePanoramaPackage,
  PanoramaClient,
  RegisterPackageVersionCommand,
} from '@aws-sdk/client-panorama';
import { createHash } from 'node:crypto';
import { codeartifact, signedFetch } from './clients.js';
import type { RunningQuiver } from './quiver.js';
import { publishNpm } from './web.js';

export const README = `# left-pad-ui

Pads a string on the left to a given width — the **fast** way.

\`\`\`js
import leftPad from 'left-pad-ui';
leftPad('7', 3, '0'); // '007'
\`\`\`

| option | default |
| --- | --- |
| \`char\` | space |

See the [changelog](https://example.com/left-pad-ui/changes).
`;

export interface DemoCatalog {
  registry: string;
  token: string;
}

export async function seedDemoCatalog(server: RunningQuiver): Promise<DemoCatalog> {
  const { endpoint, credentials } = server;
  const ca = codeartifact(endpoint, credentials);
  await ca.send(new CreateDomainCommand({ domain: 'acme' }));
  await ca.send(new CreateDomainCommand({ domain: 'platform' }));
  await ca.send(
    new CreateRepositoryCommand({
      domain: 'acme',
      repository: 'npm-public',
      description: 'Proxy of the public npm registry',
    }),
  );
  await ca.send(
    new AssociateExternalConnectionCommand({
      domain: 'acme',
      repository: 'npm-public',
      externalConnection: 'public:npmjs',
    }),
  );
  await ca.send(
    new CreateRepositoryCommand({ domain: 'acme', repository: 'shared', description: 'Packages shared across teams' }),
  );
  // No external connection on the path of apps: the tests read its packuments and must not reach the internet.
  await ca.send(
    new CreateRepositoryCommand({
      domain: 'acme',
      repository: 'apps',
      description: 'Team packages; falls back to shared',
      upstreams: [{ repositoryName: 'shared' }],
    }),
  );
  await ca.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'firmware', description: 'Device builds' }));
  const token = (await ca.send(new GetAuthorizationTokenCommand({ domain: 'acme' }))).authorizationToken!;
  const registry = `${endpoint}/acme-${credentials.accountId}/npm/apps/`;
  const lib = (version: string, range: string) =>
    publishNpm(registry, token, 'left-pad-ui', version, {
      readme: README,
      license: 'MIT',
      homepage: 'https://example.com/left-pad-ui',
      dependencies: { 'is-string': range, '@acme/strings': '^0.3.0' },
      devDependencies: { typescript: '^5.9.0' },
    });
  await lib('1.0.0', '^2.0.0');
  await lib('1.1.0', '^2.1.0');
  await lib('1.2.0', '^2.1.0');
  await publishNpm(registry, token, '@acme/strings', '0.3.0', { readme: 'String helpers for **acme** apps.' });
  await publishNpm(registry, token, '@acme/widgets', '0.1.0', { readme: 'Widgets.' });
  for (const name of ['api-client', 'auth-middleware', 'config-loader', 'date-utils', 'logger'])
    await publishNpm(registry, token, name, '2.0.0', { readme: `# ${name}` });
  const firmware = Buffer.from('firmware image bytes');
  await ca.send(
    new PublishPackageVersionCommand({
      domain: 'acme',
      repository: 'firmware',
      format: 'generic',
      namespace: 'devices',
      package: 'gateway-firmware',
      packageVersion: '4.2.0',
      assetName: 'gateway-4.2.0.bin',
      assetContent: firmware,
      assetSHA256: createHash('sha256').update(firmware).digest('hex'),
    }),
  );
  ca.destroy();

  const iot = new IoTClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials });
  await iot.send(new CreateIotPackage({ packageName: 'gateway-agent', description: 'Agent on every edge gateway' }));
  for (const version of ['1.0.0', '1.1.0']) {
    await iot.send(
      new CreatePackageVersionCommand({
        packageName: 'gateway-agent',
        versionName: version,
        description: `Agent ${version}`,
        attributes: { channel: version === '1.0.0' ? 'stable' : 'beta' },
      }),
    );
  }
  await iot.send(
    new UpdatePackageVersionCommand({ packageName: 'gateway-agent', versionName: '1.0.0', action: 'PUBLISH' }),
  );
  iot.destroy();

  const panorama = new PanoramaClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials });
  const created = await panorama.send(
    new CreatePanoramaPackage({ PackageName: 'camera_app', Tags: { team: 'vision' } }),
  );
  await panorama.send(
    new RegisterPackageVersionCommand({
      PackageId: created.PackageId!,
      PackageVersion: '1.0',
      PatchVersion: createHash('sha256').update('manifest').digest('hex'),
      MarkLatest: true,
    }),
  );
  panorama.destroy();

  const image = async (name: string, semanticVersion: string, packages: [string, string][]) => {
    const response = await signedFetch(endpoint, credentials, {
      path: '/_quiver/ImportImageInventory',
      service: 'imagebuilder',
      body: JSON.stringify({
        name,
        semanticVersion,
        platform: 'Linux',
        osVersion: 'Debian 12',
        inventory: { format: 'dpkg', content: packages.map(([n, v]) => `${n}\t${v}`).join('\n') },
      }),
    });
    if (response.status !== 200) throw new Error(`image import: ${response.status} ${response.text}`);
  };
  await image('Gateway Base', '1.0.0', [
    ['bash', '5.2.15-2'],
    ['openssl', '3.0.2-0ubuntu1'],
    ['libc6', '2.36-9'],
    ['curl', '7.88.1-10'],
  ]);
  await image('Gateway Base', '1.1.0', [
    ['bash', '5.2.15-2'],
    ['openssl', '3.0.11-1'],
    ['libc6', '2.36-9'],
    ['curl', '7.88.1-10'],
  ]);
  await image('Camera Runtime', '2.0.0', [
    ['openssl', '3.0.2-0ubuntu1'],
    ['python3', '3.11.2-1'],
    ['zlib1g', '1.2.13'],
  ]);
  return { registry, token };
}
