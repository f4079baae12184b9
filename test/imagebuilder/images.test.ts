// Image Builder over registered inventories, through the real @aws-sdk/client-imagebuilder, the aws CLI and
// `quiver images`: ListImagePackages exactly as the seed, and the image reads and reverse lookup around it.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  DeleteImageCommand,
  GetImageCommand,
  ImagebuilderClient,
  InvalidPaginationTokenException,
  InvalidParameterValueException,
  ListImageBuildVersionsCommand,
  ListImagePackagesCommand,
  ListImagesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
} from '@aws-sdk/client-imagebuilder';
import { signedFetch } from '../helpers/clients.js';
import { repoRoot, startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('aws CLI');

const run = promisify(execFile);
const fixture = (name: string) => readFileSync(join(repoRoot, 'test/imagebuilder/fixtures', name), 'utf8');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let server: RunningQuiver;
let client: ImagebuilderClient;
let account: string;

before(async () => {
  server = await startQuiver();
  client = new ImagebuilderClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: server.credentials,
  });
  account = server.credentials.accountId;
});
after(async () => {
  client.destroy();
  await server.stop();
});

async function importInventory(body: Record<string, unknown>) {
  return signedFetch(server.endpoint, server.credentials, {
    path: '/_quiver/ImportImageInventory',
    service: 'imagebuilder',
    body: JSON.stringify(body),
  });
}

async function allPackages(imageBuildVersionArn: string, maxResults = 25) {
  const out: { packageName?: string; packageVersion?: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListImagePackagesCommand({ imageBuildVersionArn, maxResults, nextToken }));
    assert.match(page.requestId ?? '', UUID);
    assert.ok(page.imagePackageList!.length <= maxResults);
    out.push(...page.imagePackageList!);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

describe('ImportImageInventory and ListImagePackages', () => {
  it("imports this machine's dpkg-query -W and pages it 25 at a time, each package once, exactly as dpkg printed it", async () => {
    const { stdout } = await run('dpkg-query', ['-W']);
    const expected = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'))
      .filter(([, v]) => v)
      .map(([packageName, packageVersion]) => ({ packageName, packageVersion }));
    assert.ok(expected.length > 100, `this machine has ${expected.length} packages`);
    const imported = await importInventory({
      name: 'Debian Base',
      semanticVersion: '1.0.0',
      platform: 'Linux',
      osVersion: 'Debian 12',
      inventory: { format: 'dpkg', content: stdout },
    });
    assert.equal(imported.status, 200, imported.text);
    assert.match(imported.json.requestId, UUID);
    assert.equal(
      imported.json.imageBuildVersionArn,
      `arn:aws:imagebuilder:us-east-1:${account}:image/debian-base/1.0.0/1`,
    );
    assert.equal(imported.json.packageCount, expected.length);
    assert.deepEqual(await allPackages(imported.json.imageBuildVersionArn), expected);
  });

  it('CycloneDX 1.5 and SPDX 2.3 inventories import with the right names and versions', async () => {
    const cdx = await importInventory({
      name: 'web',
      semanticVersion: '2.0.0',
      platform: 'Linux',
      imageType: 'DOCKER',
      inventory: { format: 'cyclonedx', content: fixture('cyclonedx-1.5.json') },
    });
    assert.equal(cdx.status, 200, cdx.text);
    assert.deepEqual(await allPackages(cdx.json.imageBuildVersionArn), [
      { packageName: 'openssl', packageVersion: '3.0.15-1~deb12u1' },
      { packageName: 'libc6', packageVersion: '2.36-9+deb12u9' },
      { packageName: 'express', packageVersion: '4.21.2' },
      { packageName: '@types/node', packageVersion: '22.10.1' },
      { packageName: 'org.apache.commons/commons-lang3', packageVersion: '3.17.0' },
    ]);
    const spdx = await importInventory({
      name: 'api',
      semanticVersion: '1.0.0',
      platform: 'Linux',
      inventory: { format: 'spdx', content: fixture('spdx-2.3.json') },
    });
    assert.deepEqual(await allPackages(spdx.json.imageBuildVersionArn), [
      { packageName: 'openssl', packageVersion: '1:3.0.7-27.el9' },
      { packageName: 'bash', packageVersion: '5.1.8-9.el9' },
      { packageName: 'requests', packageVersion: '2.32.3' },
    ]);
  });

  it('rpm -qa (NEVRA) and rpm --qf (tab) inventories import', async () => {
    const qa = await importInventory({
      name: 'rhel',
      semanticVersion: '9.4.0',
      platform: 'Linux',
      inventory: { format: 'rpm', content: fixture('rpm-qa.txt') },
    });
    assert.deepEqual(await allPackages(qa.json.imageBuildVersionArn), [
      { packageName: 'bash', packageVersion: '5.1.8-9.el9' },
      { packageName: 'openssl-libs', packageVersion: '3.0.7-27.el9' },
      { packageName: 'tzdata', packageVersion: '2024b-2.el9' },
      { packageName: 'python3-requests', packageVersion: '2.25.1-8.el9' },
    ]);
    const qf = await importInventory({
      name: 'rhel',
      semanticVersion: '9.4.0',
      platform: 'Linux',
      inventory: { format: 'rpm', content: fixture('rpm-qf.txt') },
    });
    assert.equal(
      qf.json.imageBuildVersionArn,
      `arn:aws:imagebuilder:us-east-1:${account}:image/rhel/9.4.0/2`,
      're-importing makes the next build',
    );
    assert.deepEqual(await allPackages(qf.json.imageBuildVersionArn), [
      { packageName: 'bash', packageVersion: '5.1.8-9.el9' },
      { packageName: 'openssl-libs', packageVersion: '1:3.0.7-27.el9' },
      { packageName: 'tzdata', packageVersion: '2024b-2.el9' },
    ]);
    assert.equal((await allPackages(qa.json.imageBuildVersionArn)).length, 4, 'build 1 is unchanged');
  });

  it('an unparseable inventory is a 400 naming its line or path, and nothing is created', async () => {
    const before = (await client.send(new ListImageBuildVersionsCommand({}))).imageSummaryList!.length;
    const cases: [string, string, RegExp][] = [
      ['dpkg', 'bash\t5.2\nthis line has no tab\n', /line 2/],
      ['rpm', 'bash\n', /line 1/],
      [
        'cyclonedx',
        '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"version":"1"}]}',
        /\$\.components\[0\]\.name/,
      ],
      ['cyclonedx', '{"bomFormat":"CycloneDX","specVersion":"1.2"}', /\$\.specVersion/],
      ['spdx', '{"spdxVersion":"SPDX-2.3","packages":[{"name":"a"},{"versionInfo":"1"}]}', /\$\.packages\[1\]\.name/],
      ['spdx', '{not json', /not JSON/],
    ];
    for (const [format, content, where] of cases) {
      const response = await importInventory({
        name: 'broken',
        semanticVersion: '1.0.0',
        platform: 'Linux',
        inventory: { format, content },
      });
      assert.equal(response.status, 400, `${format}: ${response.text}`);
      assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidParameterValueException');
      assert.match(response.json.message, where);
    }
    assert.equal((await client.send(new ListImageBuildVersionsCommand({}))).imageSummaryList!.length, before);
    await assert.rejects(
      client.send(
        new GetImageCommand({ imageBuildVersionArn: `arn:aws:imagebuilder:us-east-1:${account}:image/broken/1.0.0/1` }),
      ),
      ResourceNotFoundException,
    );
  });

  it('errors: unknown image 404; a version ARN is 400 InvalidParameterValueException; maxResults 26; forged token', async () => {
    const arn = `arn:aws:imagebuilder:us-east-1:${account}:image/debian-base/1.0.0/1`;
    await assert.rejects(
      client.send(
        new ListImagePackagesCommand({
          imageBuildVersionArn: `arn:aws:imagebuilder:us-east-1:${account}:image/nope/1.0.0/1`,
        }),
      ),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(new ListImagePackagesCommand({ imageBuildVersionArn: arn.replace(/\/1$/, '') })),
      (error: unknown) => error instanceof InvalidParameterValueException && /imageBuildVersionArn/.test(error.message),
    );
    await assert.rejects(
      client.send(new ListImagePackagesCommand({ imageBuildVersionArn: arn, maxResults: 26 })),
      (error: unknown) => error instanceof InvalidParameterValueException && /at 'maxResults'/.test(error.message),
    );
    const page = await client.send(new ListImagePackagesCommand({ imageBuildVersionArn: arn, maxResults: 5 }));
    await assert.rejects(
      client.send(new ListImagePackagesCommand({ imageBuildVersionArn: arn, nextToken: `${page.nextToken}x` })),
      InvalidPaginationTokenException,
    );
    await assert.rejects(
      client.send(new ListImagePackagesCommand({ imageBuildVersionArn: arn, nextToken: 'forged' })),
      InvalidPaginationTokenException,
    );
  });
});

describe('GetImage, ListImages, ListImageBuildVersions, DeleteImage, tags', () => {
  before(async () => {
    for (const version of ['1.0.0', '1.0.0', '1.2.0', '2.0.0']) {
      await importInventory({
        name: 'Service Image',
        semanticVersion: version,
        platform: 'Linux',
        osVersion: 'Debian 12',
        inventory: { format: 'dpkg', content: `bash\t5.2\nopenssl\t${version}\n` },
      });
    }
  });
  const base = () => `arn:aws:imagebuilder:us-east-1:${account}:image/service-image`;

  it('GetImage returns the fields the SDK expects, resolves x wildcards, and the latest references', async () => {
    const got = await client.send(new GetImageCommand({ imageBuildVersionArn: `${base()}/1.0.0/2` }));
    assert.match(got.requestId ?? '', UUID);
    assert.equal(got.image?.arn, `${base()}/1.0.0/2`);
    assert.equal(got.image?.version, '1.0.0/2', 'the version includes the build');
    assert.equal(got.image?.name, 'Service Image');
    assert.equal(got.image?.platform, 'Linux');
    assert.equal(got.image?.osVersion, 'Debian 12');
    assert.equal(got.image?.state?.status, 'AVAILABLE');
    assert.match(
      got.image?.dateCreated ?? '',
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      'dateCreated is an ISO-8601 string',
    );
    assert.deepEqual(got.latestVersionReferences, {
      latestVersionArn: `${base()}/2.0.0/1`,
      latestMajorVersionArn: `${base()}/1.2.0/1`,
      latestMinorVersionArn: `${base()}/1.0.0/2`,
      latestPatchVersionArn: `${base()}/1.0.0/2`,
    });
    assert.equal(
      (await client.send(new GetImageCommand({ imageBuildVersionArn: `${base()}/x.x.x` }))).image?.arn,
      `${base()}/2.0.0/1`,
    );
    assert.equal(
      (await client.send(new GetImageCommand({ imageBuildVersionArn: `${base()}/1.x.x` }))).image?.arn,
      `${base()}/1.2.0/1`,
    );
    assert.equal(
      (await client.send(new GetImageCommand({ imageBuildVersionArn: `${base()}/1.0.0` }))).image?.arn,
      `${base()}/1.0.0/2`,
    );
    await assert.rejects(
      client.send(new GetImageCommand({ imageBuildVersionArn: `${base()}/x.2.x` })),
      InvalidParameterValueException,
    );
    await assert.rejects(
      client.send(new GetImageCommand({ imageBuildVersionArn: `${base()}/3.0.0` })),
      ResourceNotFoundException,
    );
  });

  it('ListImages lists versions (or names with byName), ListImageBuildVersions lists builds', async () => {
    const versions = await client.send(
      new ListImagesCommand({ filters: [{ name: 'name', values: ['Service Image'] }] }),
    );
    assert.deepEqual(
      versions.imageVersionList?.map((v) => [v.arn, v.version]),
      [
        [`${base()}/1.0.0`, '1.0.0'],
        [`${base()}/1.2.0`, '1.2.0'],
        [`${base()}/2.0.0`, '2.0.0'],
      ],
    );
    assert.equal(versions.imageVersionList?.[0]?.owner, account);
    assert.match(versions.imageVersionList?.[0]?.dateCreated ?? '', /Z$/);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListImagesCommand({ byName: true, maxResults: 2, nextToken }));
      names.push(...page.imageVersionList!.map((v) => v.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(names, ['api', 'Debian Base', 'rhel', 'Service Image', 'web']);
    assert.deepEqual((await client.send(new ListImagesCommand({ owner: 'Amazon' }))).imageVersionList, []);
    await assert.rejects(
      client.send(new ListImagesCommand({ byName: true, filters: [{ name: 'version', values: ['1.0.0'] }] })),
      (error: Error) => error.name === 'InvalidParameterCombinationException',
    );
    const builds = await client.send(new ListImageBuildVersionsCommand({ imageVersionArn: `${base()}/1.0.0` }));
    assert.deepEqual(
      builds.imageSummaryList?.map((b) => b.version),
      ['1.0.0/1', '1.0.0/2'],
    );
    assert.equal(builds.imageSummaryList?.[0]?.buildType, 'IMPORT');
  });

  it('DeleteImage removes the build and its packages; tags stay on their build', async () => {
    const arn = `${base()}/1.0.0/1`;
    await client.send(new TagResourceCommand({ resourceArn: `${base()}/2.0.0/1`, tags: { env: 'prod' } }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: `${base()}/2.0.0/1` }))).tags, {
      env: 'prod',
    });
    const deleted = await client.send(new DeleteImageCommand({ imageBuildVersionArn: arn }));
    assert.equal(deleted.imageBuildVersionArn, arn);
    assert.match(deleted.requestId ?? '', UUID);
    await assert.rejects(client.send(new GetImageCommand({ imageBuildVersionArn: arn })), ResourceNotFoundException);
    await assert.rejects(
      client.send(new ListImagePackagesCommand({ imageBuildVersionArn: arn })),
      ResourceNotFoundException,
    );
    await assert.rejects(client.send(new DeleteImageCommand({ imageBuildVersionArn: arn })), ResourceNotFoundException);
  });
});

describe('FindImagesByPackage and the CLI', () => {
  it('finds the images holding a package version across 50 imported images', async () => {
    for (let i = 0; i < 50; i++) {
      const openssl = i % 5 === 0 ? '3.0.11-1' : '3.0.15-1';
      const response = await importInventory({
        name: `fleet-${String(i).padStart(2, '0')}`,
        semanticVersion: '1.0.0',
        platform: 'Linux',
        inventory: { format: 'dpkg', content: `libssl3\t${openssl}\nzlib1g\t1:1.2.13\nfleet-agent-${i}\t1.0\n` },
      });
      assert.equal(response.status, 200, response.text);
    }
    const find = async (packageName: string, packageVersion?: string) => {
      const found: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await signedFetch(server.endpoint, server.credentials, {
          path: '/_quiver/FindImagesByPackage',
          service: 'imagebuilder',
          body: JSON.stringify({ packageName, packageVersion, maxResults: 7, nextToken }),
        });
        assert.equal(page.status, 200, page.text);
        assert.match(page.json.requestId, UUID);
        found.push(
          ...page.json.images.map((m: { name: string; packageVersion: string }) => `${m.name}@${m.packageVersion}`),
        );
        nextToken = page.json.nextToken;
      } while (nextToken);
      return found;
    };
    const vulnerable = await find('libssl3', '3.0.11-1');
    assert.deepEqual(
      vulnerable,
      Array.from({ length: 10 }, (_, i) => `fleet-${String(i * 5).padStart(2, '0')}@3.0.11-1`),
    );
    assert.equal((await find('libssl3')).length, 50);
    assert.deepEqual(await find('fleet-agent-7'), ['fleet-07@1.0']);
    assert.deepEqual(await find('not-installed-anywhere'), []);
  });

  it('`quiver images import` reads stdin with progress, and `quiver images find` prints a table', async () => {
    const env = {
      ...process.env,
      QUIVER_DATA_DIR: server.dataDir,
      AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    };
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src/main.ts'),
        'images',
        'import',
        '--file',
        '-',
        '--format',
        'rpm',
        '--name',
        'cli-image',
        '--version',
        '3.1.4',
        '--endpoint',
        server.endpoint,
      ],
      { cwd: repoRoot, env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(fixture('rpm-qa.txt'));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /parsing rpm inventory: 4 packages/);
    assert.match(stdout, /image\/cli-image\/3\.1\.4\/1 +│ 4/);
    const found = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src/main.ts'),
        'images',
        'find',
        '--package',
        'tzdata',
        '--endpoint',
        server.endpoint,
      ],
      { cwd: repoRoot, env },
    );
    assert.match(found.stdout, /cli-image/);
    assert.match(found.stdout, /2024b-2\.el9/);
    await assert.rejects(
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repoRoot, 'src/main.ts'),
          'images',
          'import',
          '--file',
          join(repoRoot, 'test/imagebuilder/fixtures/spdx-2.3.json'),
          '--format',
          'dpkg',
          '--name',
          'wrong',
          '--version',
          '1.0.0',
          '--endpoint',
          server.endpoint,
        ],
        { cwd: repoRoot, env },
      ),
      (error: { stderr: string }) => /line 1/.test(error.stderr),
    );
  });

  it('the aws imagebuilder CLI pages ListImagePackages', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    delete env.AWS_PROFILE;
    const arn = `arn:aws:imagebuilder:us-east-1:${account}:image/debian-base/1.0.0/1`;
    const { stdout } = await run(
      'aws',
      [
        'imagebuilder',
        'list-image-packages',
        '--image-build-version-arn',
        arn,
        '--page-size',
        '25',
        '--endpoint-url',
        server.endpoint,
        '--output',
        'json',
      ],
      { env },
    );
    const listed = JSON.parse(stdout) as { imagePackageList: { packageName: string }[] };
    const dpkg = (await run('dpkg-query', ['-W'])).stdout.split('\n').filter(Boolean);
    assert.equal(listed.imagePackageList.length, dpkg.length);
    assert.equal(new Set(listed.imagePackageList.map((p) => p.packageName)).size, dpkg.length);
    await assert.rejects(
      run(
        'aws',
        [
          'imagebuilder',
          'get-image',
          '--image-build-version-arn',
          `${arn.replace('debian-base', 'missing')}`,
          '--endpoint-url',
          server.endpoint,
        ],
        { env },
      ),
      /ResourceNotFoundException/,
    );
  });
});
