// The cost curves of the other seed operations (bench/package-versions.ts runs them beside CodeArtifact's, on the
// same data directory and server): IoT ListPackageVersions on one package of N versions, Panorama
// DescribePackageVersion on one package of N package versions, Image Builder ListImagePackages on one image of N
// packages. One row of each is made through the API (so account, region, ids and documents are Quiver's own), the
// other N - 1 are copied from it by one server-side statement per table, as the CodeArtifact seed does.
import { CreatePackageCommand as CreateIotPackage, CreatePackageVersionCommand, IoTClient } from '@aws-sdk/client-iot';
import {
  CreatePackageCommand as CreatePanoramaPackage,
  PanoramaClient,
  RegisterPackageVersionCommand,
} from '@aws-sdk/client-panorama';
import { signedFetch } from '../test/helpers/clients.js';
import type { TestCredentials } from '../test/helpers/quiver.js';
import { runSequential, type LoadRequest, type LoadResult } from './load.js';
import { signedSpec } from './signing.js';

const IOT_PACKAGE = 'firmware';
/** The Panorama package version described (registered through the API); the seeded ones are 2.<i>. */
const PANORAMA_VERSION = '1.0';

export interface AwsSeeds {
  panoramaPackageId: string;
  imageArn: string;
}

/** The one API-made row per service that the SQL seed copies. */
export async function createAwsSeeds(endpoint: string, credentials: TestCredentials): Promise<AwsSeeds> {
  const sdk = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  const iot = new IoTClient(sdk);
  const panorama = new PanoramaClient(sdk);
  try {
    await iot.send(new CreateIotPackage({ packageName: IOT_PACKAGE, description: 'bench' }));
    await iot.send(
      new CreatePackageVersionCommand({ packageName: IOT_PACKAGE, versionName: '0.0.0', attributes: { build: '0' } }),
    );
    const { PackageId } = await panorama.send(new CreatePanoramaPackage({ PackageName: 'camera_app' }));
    await panorama.send(
      new RegisterPackageVersionCommand({
        PackageId,
        PackageVersion: PANORAMA_VERSION,
        PatchVersion: 'a'.repeat(64),
        MarkLatest: true,
      }),
    );
    const imported = await signedFetch(endpoint, credentials, {
      path: '/_quiver/ImportImageInventory',
      service: 'imagebuilder',
      body: JSON.stringify({
        name: 'Bench Image',
        semanticVersion: '1.0.0',
        platform: 'Linux',
        inventory: { format: 'dpkg', content: 'pkg-0\t1.0.0\n' },
      }),
    });
    if (imported.status !== 200) throw new Error(`importing the image inventory: ${imported.text}`);
    return {
      panoramaPackageId: PackageId!,
      imageArn: (imported.json as { imageBuildVersionArn: string }).imageBuildVersionArn,
    };
  } finally {
    iot.destroy();
    panorama.destroy();
  }
}

/**
 * The statements adding `versions - 1` rows per service, for the series `from` (SQLite: `seq` of a recursive CTE
 * given as `with`; PostgreSQL: generate_series). Versions are named and sort-keyed as the CodeArtifact seed's.
 */
export function awsSeedSql(pg: boolean, versions: number, withSeries: string, version: string, sortKey: string) {
  const from = pg ? `generate_series(1, ${versions - 1}) AS s(i)` : 'seq';
  return [
    `INSERT INTO iot_versions (account_id, region, package_name, name, sort_key, status, created_at, updated_at, document)
     ${withSeries} SELECT v.account_id, v.region, v.package_name, ${version}, ${sortKey}, v.status, v.created_at - i, v.updated_at - i, v.document
     FROM ${from}, iot_versions v WHERE v.package_name = '${IOT_PACKAGE}' AND v.name = '0.0.0'`,
    // Registered in the past (registered_at - i), so every seeded patch is as settled as the described one.
    `INSERT INTO pn_versions (package_id, owner_account, package_version, patch_version, is_latest, registered_at, failure, deregistered_at)
     ${withSeries} SELECT v.package_id, v.owner_account, '2.' || i, v.patch_version, 1, v.registered_at - i, NULL, NULL
     FROM ${from}, pn_versions v WHERE v.package_version = '${PANORAMA_VERSION}'`,
    `INSERT INTO ib_image_packages (account_id, region, arn_name, major, minor, patch, build, position, package_name, package_version)
     ${withSeries} SELECT p.account_id, p.region, p.arn_name, p.major, p.minor, p.patch, p.build, p.position + i, 'pkg-' || i, '1.0.' || i
     FROM ${from}, ib_image_packages p WHERE p.package_name = 'pkg-0'`,
    `UPDATE ib_images SET package_count = ${versions}`,
  ];
}

export interface AwsCurve {
  iotFirst: LoadResult;
  iotDeep: LoadResult;
  /** Rows before the deep page. */
  iotDepth: number;
  panorama: LoadResult;
  imagesFirst: LoadResult;
  imagesDeep: LoadResult;
  imagesDepth: number;
}

// Sequential p99s: 500 requests, or as many as fit in this budget (an operation whose cost grows with N must
// not stall the whole run at 1M; the row says how many were measured).
const REQUESTS = 500;
const BUDGET_MS = Number(process.env.BENCH_CURVE_BUDGET_MS ?? 10_000);

async function ok(spec: LoadRequest, what: string): Promise<unknown> {
  const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${what}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** Follows nextToken `pages` times; returns the spec of the page after them and the rows skipped. */
async function deepPage(
  make: (token: string | undefined) => Promise<LoadRequest>,
  tokenOf: (body: unknown) => string | undefined,
  pages: number,
  pageSize: number,
): Promise<{ spec: LoadRequest; depth: number }> {
  let token: string | undefined;
  let depth = 0;
  for (let i = 0; i < pages; i++) {
    const next = tokenOf(await ok(await make(token), 'walking pages'));
    if (!next) break;
    token = next;
    depth += pageSize;
  }
  return { spec: await make(token), depth };
}

export async function measureAws(
  endpoint: string,
  credentials: TestCredentials,
  seeds: AwsSeeds,
  versions: number,
): Promise<AwsCurve> {
  const pages = Math.max(1, Math.min(50, Math.floor(versions / 200)));
  const iot = (token: string | undefined) =>
    signedSpec(
      endpoint,
      credentials,
      'GET',
      `/packages/${IOT_PACKAGE}/versions`,
      { maxResults: '100', ...(token ? { nextToken: token } : {}) },
      undefined,
      'iot',
    );
  const images = (token: string | undefined) =>
    signedSpec(
      endpoint,
      credentials,
      'POST',
      '/ListImagePackages',
      {},
      JSON.stringify({ imageBuildVersionArn: seeds.imageArn, maxResults: 25, ...(token ? { nextToken: token } : {}) }),
      'imagebuilder',
    );
  const panorama = await signedSpec(
    endpoint,
    credentials,
    'GET',
    `/packages/metadata/${seeds.panoramaPackageId}/versions/${PANORAMA_VERSION}`,
    {},
    undefined,
    'panorama',
  );
  const iotFirst = await iot(undefined);
  const iotDeep = await deepPage(iot, (b) => (b as { nextToken?: string }).nextToken, pages, 100);
  const imagesFirst = await images(undefined);
  const imagesDeep = await deepPage(images, (b) => (b as { nextToken?: string }).nextToken, pages, 25);
  // Each answer checked once before it is timed.
  const firstIot = (await ok(iotFirst, 'IoT ListPackageVersions')) as { packageVersionSummaries: unknown[] };
  if (firstIot.packageVersionSummaries.length !== Math.min(100, versions))
    throw new Error(`IoT ListPackageVersions answered ${firstIot.packageVersionSummaries.length} versions`);
  await ok(panorama, 'Panorama DescribePackageVersion');
  const firstImages = (await ok(imagesFirst, 'Image Builder ListImagePackages')) as { imagePackageList: unknown[] };
  if (firstImages.imagePackageList.length !== Math.min(25, versions))
    throw new Error(`Image Builder ListImagePackages answered ${firstImages.imagePackageList.length} packages`);
  const timed = (spec: LoadRequest) => runSequential(() => spec, REQUESTS, BUDGET_MS);
  return {
    iotFirst: await timed(iotFirst),
    iotDeep: await timed(iotDeep.spec),
    iotDepth: iotDeep.depth,
    panorama: await timed(panorama),
    imagesFirst: await timed(imagesFirst),
    imagesDeep: await timed(imagesDeep.spec),
    imagesDepth: imagesDeep.depth,
  };
}
