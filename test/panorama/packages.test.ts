// Panorama packages through the last published @aws-sdk/client-panorama (and boto3 for the seed operation):
// DescribePackageVersion exactly as the seed, and the package lifecycle around it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import {
  AccessDeniedException,
  ConflictException,
  CreatePackageCommand,
  CreatePackageImportJobCommand,
  DeletePackageCommand,
  DeregisterPackageVersionCommand,
  DescribePackageCommand,
  DescribePackageImportJobCommand,
  DescribePackageVersionCommand,
  ListPackageImportJobsCommand,
  ListPackagesCommand,
  ListTagsForResourceCommand,
  PanoramaClient,
  RegisterPackageVersionCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
  type DescribePackageVersionCommandOutput,
} from '@aws-sdk/client-panorama';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('boto3');

const TRANSITION_MS = 300;
const run = promisify(execFile);
let server: RunningQuiver;
let client: PanoramaClient;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

before(async () => {
  server = await startQuiver({ QUIVER_PANORAMA_TRANSITION_MS: String(TRANSITION_MS) });
  client = new PanoramaClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: server.credentials,
  });
});
after(async () => {
  client.destroy();
  await server.stop();
});

/** Polls DescribePackageVersion as panorama-cli does, collecting every status seen until `until`. */
async function pollStatuses(
  input: { PackageId: string; PackageVersion: string; PatchVersion?: string },
  until: (status: string | undefined) => boolean,
) {
  const seen: string[] = [];
  for (let i = 0; i < 100; i++) {
    let status: string;
    try {
      status = (await client.send(new DescribePackageVersionCommand(input))).Status!;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      status = 'NOT_FOUND';
    }
    if (seen[seen.length - 1] !== status) seen.push(status);
    if (until(status)) return seen;
    await new Promise((resolve) => setTimeout(resolve, TRANSITION_MS / 6));
  }
  throw new Error(`status never settled: ${seen.join(' → ')}`);
}

describe('Panorama packages', () => {
  let packageId: string;

  it('CreatePackage returns a PackageId, ARN and StorageLocation in AWS shapes; a duplicate name is 409', async () => {
    const created = await client.send(
      new CreatePackageCommand({ PackageName: 'camera_app', Tags: { team: 'vision' } }),
    );
    packageId = created.PackageId!;
    assert.match(packageId, /^package-[a-z2-7]{26}$/);
    assert.equal(created.Arn, `arn:aws:panorama:us-east-1:${server.credentials.accountId}:package/${packageId}`);
    for (const key of [
      'Bucket',
      'RepoPrefixLocation',
      'GeneratedPrefixLocation',
      'BinaryPrefixLocation',
      'ManifestPrefixLocation',
    ] as const) {
      assert.ok(created.StorageLocation?.[key], key);
    }
    await assert.rejects(client.send(new CreatePackageCommand({ PackageName: 'camera_app' })), (error: unknown) => {
      assert.ok(error instanceof ConflictException);
      assert.equal(error.message, 'Package with same name exists.');
      assert.equal(error.ResourceId, packageId);
      return true;
    });
  });

  it('DescribePackage accepts the PackageId and packageName/<name>; unknown ids are 404', async () => {
    const byId = await client.send(new DescribePackageCommand({ PackageId: packageId }));
    const byName = await client.send(new DescribePackageCommand({ PackageId: 'packageName/camera_app' }));
    assert.equal(byName.PackageId, packageId);
    assert.equal(byId.PackageName, 'camera_app');
    assert.deepEqual(byId.Tags, { team: 'vision' });
    assert.ok(byId.CreatedTime instanceof Date);
    await assert.rejects(
      client.send(new DescribePackageCommand({ PackageId: 'packageName/nope' })),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(new DescribePackageCommand({ PackageId: 'package-unknown' })),
      ResourceNotFoundException,
    );
  });

  it('registration goes REGISTER_PENDING → REGISTER_COMPLETED and the description has every field of the seed', async () => {
    const patchA = sha('manifest A');
    await client.send(
      new RegisterPackageVersionCommand({
        PackageId: packageId,
        PackageVersion: '1.0',
        PatchVersion: patchA,
        MarkLatest: true,
      }),
    );
    const seen = await pollStatuses(
      { PackageId: packageId, PackageVersion: '1.0', PatchVersion: patchA },
      (s) => s === 'REGISTER_COMPLETED',
    );
    assert.deepEqual(seen, ['REGISTER_PENDING', 'REGISTER_COMPLETED']);
    const described: DescribePackageVersionCommandOutput = await client.send(
      new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0', PatchVersion: patchA }),
    );
    assert.equal(described.IsLatestPatch, true);
    assert.equal(described.OwnerAccount, server.credentials.accountId);
    assert.equal(
      described.PackageArn,
      `arn:aws:panorama:us-east-1:${server.credentials.accountId}:package/${packageId}`,
    );
    assert.equal(described.PackageId, packageId);
    assert.equal(described.PackageName, 'camera_app');
    assert.equal(described.PackageVersion, '1.0');
    assert.equal(described.PatchVersion, patchA);
    assert.ok(
      described.RegisteredTime instanceof Date && Math.abs(described.RegisteredTime.getTime() - Date.now()) < 60_000,
    );
    assert.equal(described.Status, 'REGISTER_COMPLETED');
    assert.equal(typeof described.StatusDescription, 'string');
  });

  it('IsLatestPatch moves to a newer patch registered with MarkLatest, and back when the latest is deregistered', async () => {
    const patchA = sha('manifest A');
    const patchB = sha('manifest B');
    await client.send(
      new RegisterPackageVersionCommand({
        PackageId: packageId,
        PackageVersion: '1.0',
        PatchVersion: patchB,
        MarkLatest: true,
      }),
    );
    const a = await client.send(
      new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0', PatchVersion: patchA }),
    );
    assert.equal(a.IsLatestPatch, false);
    const latest = await client.send(
      new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0' }),
    );
    assert.equal(latest.PatchVersion, patchB, 'without PatchVersion: the latest patch');
    assert.equal(latest.IsLatestPatch, true);

    await client.send(
      new DeregisterPackageVersionCommand({
        PackageId: packageId,
        PackageVersion: '1.0',
        PatchVersion: patchB,
        UpdatedLatestPatchVersion: patchA,
      }),
    );
    const seen = await pollStatuses(
      { PackageId: packageId, PackageVersion: '1.0', PatchVersion: patchB },
      (s) => s === 'NOT_FOUND',
    );
    assert.deepEqual(seen, ['DELETING', 'NOT_FOUND']);
    const back = await client.send(new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0' }));
    assert.equal(back.PatchVersion, patchA);
    assert.equal(back.IsLatestPatch, true);
    // Re-registering an existing patch with MarkLatest makes it latest (as the CloudFormation provider does).
    await client.send(
      new RegisterPackageVersionCommand({
        PackageId: packageId,
        PackageVersion: '1.0',
        PatchVersion: patchB,
        MarkLatest: false,
      }),
    );
    assert.equal(
      (
        await client.send(
          new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0', PatchVersion: patchB }),
        )
      ).IsLatestPatch,
      false,
    );
    await client.send(
      new RegisterPackageVersionCommand({
        PackageId: packageId,
        PackageVersion: '1.0',
        PatchVersion: patchB,
        MarkLatest: true,
      }),
    );
    assert.equal(
      (
        await client.send(
          new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0', PatchVersion: patchB }),
        )
      ).IsLatestPatch,
      true,
    );
  });

  it('every constraint of the seed is a 400 naming the field; unknown versions 404; another OwnerAccount 403', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { PackageVersion: '1.0.0' },
        /at 'PackageVersion' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      ],
      [
        { PatchVersion: 'ABC' },
        /at 'PatchVersion' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      ],
      [{ OwnerAccount: 'bad-owner!' }, /at 'OwnerAccount' failed to satisfy constraint/],
      [
        { OwnerAccount: '1234567890123' },
        /at 'OwnerAccount' failed to satisfy constraint: Member must have length less than or equal to 12/,
      ],
      [
        { PatchVersion: 'a'.repeat(256) },
        /at 'PatchVersion' failed to satisfy constraint: Member must have length less than or equal to 255/,
      ],
    ];
    for (const [override, message] of cases) {
      await assert.rejects(
        client.send(new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0', ...override })),
        (error: unknown) => error instanceof ValidationException && message.test(error.message),
      );
    }
    await assert.rejects(
      client.send(new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '9.9' })),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(
        new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0', PatchVersion: 'feed' }),
      ),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(
        new DescribePackageVersionCommand({
          PackageId: packageId,
          PackageVersion: '1.0',
          OwnerAccount: '999999999999',
        }),
      ),
      (error: Error) =>
        error instanceof AccessDeniedException &&
        // The denied resource is the named owner's package, not one of the caller's (QA L3b).
        error.message.includes(`on resource: arn:aws:panorama:us-east-1:999999999999:package/${packageId}`),
    );
  });

  it('lists packages 2 at a time; MaxResults 26 is a 400; tags round-trip', async () => {
    for (const name of ['alpha', 'beta', 'gamma']) await client.send(new CreatePackageCommand({ PackageName: name }));
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListPackagesCommand({ MaxResults: 2, NextToken }));
      assert.ok(page.Packages!.length <= 2);
      names.push(...page.Packages!.map((p) => p.PackageName!));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(names, ['alpha', 'beta', 'camera_app', 'gamma']);
    await assert.rejects(client.send(new ListPackagesCommand({ MaxResults: 26 })), ValidationException);

    const arn = `arn:aws:panorama:us-east-1:${server.credentials.accountId}:package/${packageId}`;
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { stage: 'prod' } }));
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { stage: 'prod' });
  });

  it('DeletePackage refuses a package with versions unless ForceDelete', async () => {
    await assert.rejects(client.send(new DeletePackageCommand({ PackageId: packageId })), ConflictException);
    await client.send(new DeletePackageCommand({ PackageId: packageId, ForceDelete: true }));
    await assert.rejects(client.send(new DescribePackageCommand({ PackageId: packageId })), ResourceNotFoundException);
    await assert.rejects(
      client.send(new DescribePackageVersionCommand({ PackageId: packageId, PackageVersion: '1.0' })),
      ResourceNotFoundException,
    );
  });
});

describe('Panorama patches of one version', () => {
  it('with no latest patch the newest registered answers and a new patch becomes latest; UpdatedLatestPatchVersion must name another registered patch; the next write to any version purges finished deregistrations', async () => {
    const { PackageId } = await client.send(new CreatePackageCommand({ PackageName: 'keyed_app' }));
    const register = (PackageVersion: string, PatchVersion: string) =>
      client.send(new RegisterPackageVersionCommand({ PackageId, PackageVersion, PatchVersion }));
    const deregister = (PackageVersion: string, PatchVersion: string, UpdatedLatestPatchVersion?: string) =>
      client.send(
        new DeregisterPackageVersionCommand({ PackageId, PackageVersion, PatchVersion, UpdatedLatestPatchVersion }),
      );
    const describeIt = async (PackageVersion: string, PatchVersion?: string) => {
      const out = await client.send(new DescribePackageVersionCommand({ PackageId, PackageVersion, PatchVersion }));
      return `${out.PackageVersion}/${out.PatchVersion} latest=${out.IsLatestPatch}`;
    };
    const stored = async () =>
      (await server.quiver.store.read((tx) => tx.listPanoramaVersions(PackageId!)))
        .map((v) => `${v.packageVersion}/${v.patchVersion}`)
        .sort();

    await register('1.0', 'aa'); // the version's first patch: latest without MarkLatest
    await register('1.0', 'bb');
    await register('2.0', 'cc');
    assert.equal(await describeIt('1.0'), '1.0/aa latest=true');
    assert.equal(await describeIt('1.0', 'bb'), '1.0/bb latest=false');
    assert.equal(await describeIt('2.0'), '2.0/cc latest=true');

    await deregister('1.0', 'aa');
    assert.equal(await describeIt('1.0'), '1.0/bb latest=false', 'no latest patch: the newest registered');
    assert.equal(await describeIt('2.0'), '2.0/cc latest=true', "another version's latest stays");
    await assert.rejects(deregister('1.0', 'bb', 'bb'), ValidationException);
    await assert.rejects(deregister('1.0', 'bb', 'aa'), ResourceNotFoundException, 'aa is being deregistered');
    await assert.rejects(deregister('1.0', 'zz'), ResourceNotFoundException);
    await register('1.0', 'dd');
    assert.equal(await describeIt('1.0'), '1.0/dd latest=true', 'a version with no latest patch takes the new one');
    assert.equal(await describeIt('1.0', 'bb'), '1.0/bb latest=false');

    await new Promise((resolve) => setTimeout(resolve, TRANSITION_MS + 50));
    await assert.rejects(describeIt('1.0', 'aa'), ResourceNotFoundException);
    assert.deepEqual(await stored(), ['1.0/aa', '1.0/bb', '1.0/dd', '2.0/cc'], 'reads purge nothing');
    await register('2.0', 'ee');
    assert.deepEqual(await stored(), ['1.0/bb', '1.0/dd', '2.0/cc', '2.0/ee'], 'a write to 2.0 purged 1.0/aa');
    assert.equal(await describeIt('2.0'), '2.0/cc latest=true');
  });
});

describe('Panorama package import jobs', () => {
  before(async () => {
    const ca = codeartifact(server.endpoint, server.credentials);
    await ca.send(new CreateDomainCommand({ domain: 'pano' }));
    await ca.send(new CreateRepositoryCommand({ domain: 'pano', repository: 'manifests' }));
    for (const [name, body] of [
      ['good.json', GOOD],
      ['bad.json', '{"notANodePackage": true}'],
    ]) {
      await ca.send(
        new PublishPackageVersionCommand({
          domain: 'pano',
          repository: 'manifests',
          format: 'generic',
          namespace: 'panorama',
          package: 'detector',
          packageVersion: '1.0',
          assetName: name!,
          assetContent: Buffer.from(body!),
          assetSHA256: sha(body!),
          unfinished: name === 'good.json',
        }),
      );
    }
    ca.destroy();
  });
  const GOOD = JSON.stringify({
    nodePackage: { envelopeVersion: '2021-01-01', name: 'detector', version: '1.0', assets: [], interfaces: [] },
  });
  const job = (ClientToken: string, ObjectKey: string, BucketName = 'quiver-codeartifact') =>
    new CreatePackageImportJobCommand({
      ClientToken,
      JobType: 'NODE_PACKAGE_VERSION',
      InputConfig: { PackageVersionInputConfig: { S3Location: { BucketName, ObjectKey } } },
      OutputConfig: {
        PackageVersionOutputConfig: { PackageName: 'detector', PackageVersion: '1.0', MarkLatest: true },
      },
      JobTags: [{ ResourceType: 'PACKAGE', Tags: { imported: 'yes' } }],
    });

  it('imports a version from a manifest kept as a CodeArtifact generic asset; the patch is its SHA-256', async () => {
    const { JobId } = await client.send(job('token-1', 'pano/manifests/panorama/detector/1.0/good.json'));
    const described = await client.send(new DescribePackageImportJobCommand({ JobId }));
    assert.equal(described.Status, 'SUCCEEDED', described.StatusMessage);
    assert.equal(described.Output?.PatchVersion, sha(GOOD));
    assert.equal(described.Output?.PackageVersion, '1.0');
    assert.ok(described.CreatedTime instanceof Date);
    const seen = await pollStatuses(
      { PackageId: described.Output!.PackageId!, PackageVersion: '1.0' },
      (s) => s === 'REGISTER_COMPLETED',
    );
    assert.deepEqual(seen, ['REGISTER_PENDING', 'REGISTER_COMPLETED']);
    const pkg = await client.send(new DescribePackageCommand({ PackageId: 'packageName/detector' }));
    assert.deepEqual(pkg.Tags, { imported: 'yes' });
  });

  it('the same ClientToken returns the same job; with other input it is a Conflict', async () => {
    const first = await client.send(job('token-2', 'pano/manifests/panorama/detector/1.0/good.json'));
    const again = await client.send(job('token-2', 'pano/manifests/panorama/detector/1.0/good.json'));
    assert.equal(again.JobId, first.JobId);
    await assert.rejects(
      client.send(job('token-2', 'pano/manifests/panorama/detector/1.0/bad.json')),
      ConflictException,
    );
  });

  it('an unreadable location fails the job with a reason; a manifest without nodePackage registers a FAILED version', async () => {
    const elsewhere = await client.send(job('token-3', 'some/key.json', 'my-s3-bucket'));
    const failed = await client.send(new DescribePackageImportJobCommand({ JobId: elsewhere.JobId }));
    assert.equal(failed.Status, 'FAILED');
    assert.match(failed.StatusMessage!, /quiver-codeartifact/);

    const bad = await client.send(job('token-4', 'pano/manifests/panorama/detector/1.0/bad.json'));
    const badJob = await client.send(new DescribePackageImportJobCommand({ JobId: bad.JobId }));
    assert.equal(badJob.Status, 'FAILED');
    const seen = await pollStatuses(
      { PackageId: badJob.Output!.PackageId!, PackageVersion: '1.0', PatchVersion: badJob.Output!.PatchVersion! },
      (s) => s === 'FAILED',
    );
    assert.deepEqual(seen, ['REGISTER_PENDING', 'FAILED']);
    const version = await client.send(
      new DescribePackageVersionCommand({
        PackageId: badJob.Output!.PackageId!,
        PackageVersion: '1.0',
        PatchVersion: badJob.Output!.PatchVersion!,
      }),
    );
    assert.match(version.StatusDescription!, /nodePackage/);

    const listed = await client.send(new ListPackageImportJobsCommand({ MaxResults: 25 }));
    assert.deepEqual(
      listed.PackageImportJobs?.map((j) => j.Status),
      ['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'FAILED'],
    );
  });
});

describe('boto3', () => {
  it('describe_package_version answers the seed fields', async () => {
    const script = `
import boto3, json, sys, time
c = boto3.client("panorama", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
pid = c.create_package(PackageName="boto_pkg")["PackageId"]
c.register_package_version(PackageId=pid, PackageVersion="2.1", PatchVersion="abc123", MarkLatest=True)
time.sleep(${TRANSITION_MS * 2} / 1000)
d = c.describe_package_version(PackageId="packageName/boto_pkg" and pid, PackageVersion="2.1")
d.pop("ResponseMetadata")
d["RegisteredTime"] = d["RegisteredTime"].isoformat()
try:
    c.describe_package_version(PackageId=pid, PackageVersion="2.1.0")
except c.exceptions.ValidationException as e:
    d["error"] = e.response["Error"]["Code"]
print(json.dumps(d))`;
    const { stdout } = await run('python3', [
      '-c',
      script,
      server.endpoint,
      server.credentials.accessKeyId,
      server.credentials.secretAccessKey,
    ]);
    const described = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(described.Status, 'REGISTER_COMPLETED');
    assert.equal(described.IsLatestPatch, true);
    assert.equal(described.PatchVersion, 'abc123');
    assert.equal(described.PackageName, 'boto_pkg');
    assert.equal(described.OwnerAccount, server.credentials.accountId);
    assert.equal(described.error, 'ValidationException');
  });
});
