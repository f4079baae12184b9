// Section 3 of `npm run bench`: the five operations of the seed documents, each against the floor serving
// a body of the same bytes. Quiver runs compiled (as `npm start`), on the embedded store or PostgreSQL.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { CreatePackageCommand as CreateIotPackage, CreatePackageVersionCommand, IoTClient } from '@aws-sdk/client-iot';
import {
  CreatePackageCommand as CreatePanoramaPackage,
  PanoramaClient,
  RegisterPackageVersionCommand,
} from '@aws-sdk/client-panorama';
import { codeartifact, signedFetch } from '../test/helpers/clients.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import type { LoadRequest, LoadResult } from './load.js';
import { runWrk } from './wrk.js';
import { memoryOf, startFloor } from './peers.js';
import { signedSpec } from './signing.js';

export interface SeedOpRow {
  operation: string;
  bytes: number;
  quiver: LoadResult;
  floor: LoadResult;
  /** IoT ListPackageVersions only: loaded with a connection per request, as moto is (bench/moto-peer.ts). */
  quiverClose?: LoadResult;
}

export async function benchSeedOperations(
  backend: 'sqlite' | 'postgres',
  seconds: number,
  connections: number,
): Promise<{ rows: SeedOpRow[]; memoryMb: { idle: number; peak: number } }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bench-seed-'));
  const database = backend === 'postgres' ? await createTestDatabase() : undefined;
  const server = await spawnQuiver(dataDir, database ? { QUIVER_DATABASE_URL: database.url } : {}, { built: true });
  const { endpoint, credentials } = server;
  const sdk = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  const ca = codeartifact(endpoint, credentials);
  const iot = new IoTClient(sdk);
  const panorama = new PanoramaClient(sdk);
  try {
    console.error(`bench: seeding the five seed operations' data (${backend})…`);
    await ca.send(new CreateDomainCommand({ domain: 'bench' }));
    await ca.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'repo' }));
    const coords = { domain: 'bench', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };
    for (let i = 0; i < 1000; i++) {
      const content = Buffer.from(`asset of 1.${Math.floor(i / 100)}.${i % 100}`);
      await ca.send(
        new PublishPackageVersionCommand({
          ...coords,
          packageVersion: `1.${Math.floor(i / 100)}.${i % 100}`,
          assetName: 'a.bin',
          assetContent: content,
          assetSHA256: createHash('sha256').update(content).digest('hex'),
        }),
      );
    }
    await iot.send(new CreateIotPackage({ packageName: 'firmware', description: 'bench' }));
    for (let i = 0; i < 100; i++)
      await iot.send(
        new CreatePackageVersionCommand({
          packageName: 'firmware',
          versionName: `1.0.${i}`,
          attributes: { build: String(i) },
        }),
      );
    const { PackageId } = await panorama.send(new CreatePanoramaPackage({ PackageName: 'camera_app' }));
    await panorama.send(
      new RegisterPackageVersionCommand({
        PackageId,
        PackageVersion: '1.0',
        PatchVersion: createHash('sha256').update('manifest').digest('hex'),
        MarkLatest: true,
      }),
    );
    const imported = await signedFetch(endpoint, credentials, {
      path: '/_quiver/ImportImageInventory',
      service: 'imagebuilder',
      body: JSON.stringify({
        name: 'Debian Base',
        semanticVersion: '1.0.0',
        platform: 'Linux',
        inventory: { format: 'dpkg', content: execFileSync('dpkg-query', ['-W']).toString() },
      }),
    });
    if (imported.status !== 200) throw new Error(`importing the image inventory: ${imported.text}`);
    const imageArn = (imported.json as { imageBuildVersionArn: string }).imageBuildVersionArn;

    const tenVersions = Array.from({ length: 10 }, (_, i) => `1.0.${i}`);
    const status = (target: string) =>
      signedSpec(
        endpoint,
        credentials,
        'POST',
        '/v1/package/versions/update_status',
        { domain: 'bench', repository: 'repo', format: 'generic', namespace: 'ns', package: 'pkg' },
        JSON.stringify({ versions: tenVersions, targetStatus: target }),
      );
    const [archive, publish] = await Promise.all([status('Archived'), status('Published')]);
    const cases: { operation: string; spec: LoadRequest | LoadRequest[]; sample: LoadRequest }[] = [
      {
        operation: 'CodeArtifact ListPackageVersions (page of 100 of 1,000)',
        ...same(
          await signedSpec(endpoint, credentials, 'POST', '/v1/package/versions', {
            domain: 'bench',
            repository: 'repo',
            format: 'generic',
            namespace: 'ns',
            package: 'pkg',
            'max-results': '100',
          }),
        ),
      },
      {
        operation: 'CodeArtifact UpdatePackageVersionsStatus (10 versions, alternating)',
        spec: [archive, publish],
        sample: archive,
      },
      {
        operation: 'IoT ListPackageVersions (page of 100)',
        ...same(
          await signedSpec(
            endpoint,
            credentials,
            'GET',
            '/packages/firmware/versions',
            { maxResults: '100' },
            undefined,
            'iot',
          ),
        ),
      },
      {
        operation: 'Panorama DescribePackageVersion',
        ...same(
          await signedSpec(
            endpoint,
            credentials,
            'GET',
            `/packages/metadata/${PackageId}/versions/1.0`,
            {},
            undefined,
            'panorama',
          ),
        ),
      },
      {
        operation: 'Image Builder ListImagePackages (page of 25)',
        ...same(
          await signedSpec(
            endpoint,
            credentials,
            'POST',
            '/ListImagePackages',
            {},
            JSON.stringify({ imageBuildVersionArn: imageArn, maxResults: 25 }),
            'imagebuilder',
          ),
        ),
      },
    ];
    const idle = memoryOf(server.child.pid!).rssMb;
    const rows: SeedOpRow[] = [];
    for (const c of cases) {
      const response = await fetch(c.sample.url, {
        method: c.sample.method,
        headers: c.sample.headers,
        body: c.sample.body,
      });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) throw new Error(`${c.operation}: ${response.status} ${body.toString()}`);
      const quiver = await runWrk(c.spec, connections, seconds, { pid: server.child.pid! });
      const floor = await startFloor(body, 'application/json');
      try {
        const floorResult = await runWrk(
          { ...c.sample, url: c.sample.url.replace(endpoint, floor.endpoint) },
          connections,
          seconds,
          { pid: floor.child.pid! },
        );
        const quiverClose = c.operation.startsWith('IoT ListPackageVersions')
          ? await runWrk(c.spec, connections, seconds, { close: true, pid: server.child.pid! })
          : undefined;
        rows.push({ operation: c.operation, bytes: body.length, quiver, floor: floorResult, quiverClose });
      } finally {
        await floor.stop();
      }
    }
    return { rows, memoryMb: { idle, peak: memoryOf(server.child.pid!).peakMb } };
  } finally {
    ca.destroy();
    iot.destroy();
    panorama.destroy();
    await stopProcess(server.child);
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

function same(spec: LoadRequest): { spec: LoadRequest; sample: LoadRequest } {
  return { spec, sample: spec };
}
