// IoT Software Package Catalog through the real @aws-sdk/client-iot (and the aws CLI for the seed operation):
// ListPackageVersions exactly as the seed, and the lifecycle and edit rules around it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import {
  AssociateSbomWithPackageVersionCommand,
  ConflictException,
  CreatePackageCommand,
  CreatePackageVersionCommand,
  DeletePackageCommand,
  DeletePackageVersionCommand,
  GetPackageCommand,
  GetPackageConfigurationCommand,
  GetPackageVersionCommand,
  IoTClient,
  ListPackagesCommand,
  ListPackageVersionsCommand,
  ListSbomValidationResultsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePackageCommand,
  UpdatePackageConfigurationCommand,
  UpdatePackageVersionCommand,
  ValidationException,
} from '@aws-sdk/client-iot';
import { codeartifact, signedFetch } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('aws CLI');

const run = promisify(execFile);
let server: RunningQuiver;
let iot: IoTClient;

before(async () => {
  server = await startQuiver();
  iot = new IoTClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: server.credentials,
  });
});
after(async () => {
  iot.destroy();
  await server.stop();
});

const status = async (packageName: string, versionName: string) =>
  (await iot.send(new GetPackageVersionCommand({ packageName, versionName }))).status;

describe('IoT package lifecycle', () => {
  before(async () => {
    await iot.send(
      new CreatePackageCommand({ packageName: 'firmware', description: 'device firmware', tags: { team: 'edge' } }),
    );
  });

  it('creates a package with its ARN; a duplicate is 409', async () => {
    const pkg = await iot.send(new GetPackageCommand({ packageName: 'firmware' }));
    assert.equal(pkg.packageArn, `arn:aws:iot:us-east-1:${server.credentials.accountId}:package/firmware`);
    assert.equal(pkg.description, 'device firmware');
    assert.ok(pkg.creationDate instanceof Date);
    await assert.rejects(iot.send(new CreatePackageCommand({ packageName: 'firmware' })), ConflictException);
    await assert.rejects(iot.send(new GetPackageCommand({ packageName: 'nope' })), ResourceNotFoundException);
  });

  it('DRAFT → PUBLISHED → DEPRECATED → PUBLISHED; nothing returns to DRAFT; illegal moves are 409', async () => {
    const created = await iot.send(
      new CreatePackageVersionCommand({
        packageName: 'firmware',
        versionName: '1.0.0',
        attributes: { board: 'rev-a' },
      }),
    );
    assert.equal(created.status, 'DRAFT');
    assert.equal(
      created.packageVersionArn,
      `arn:aws:iot:us-east-1:${server.credentials.accountId}:package/firmware/version/1.0.0`,
    );
    await assert.rejects(
      iot.send(new UpdatePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0', action: 'DEPRECATE' })),
      ConflictException,
    );
    await iot.send(
      new UpdatePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0', action: 'PUBLISH' }),
    );
    assert.equal(await status('firmware', '1.0.0'), 'PUBLISHED');
    await iot.send(
      new UpdatePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0', action: 'DEPRECATE' }),
    );
    assert.equal(await status('firmware', '1.0.0'), 'DEPRECATED');
    await iot.send(
      new UpdatePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0', action: 'PUBLISH' }),
    );
    assert.equal(await status('firmware', '1.0.0'), 'PUBLISHED');
    await assert.rejects(
      iot.send(new UpdatePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0', action: 'PUBLISH' })),
      ConflictException,
    );
  });

  it('after publishing only the description changes; attributes, artifact and recipe are 409', async () => {
    await iot.send(
      new UpdatePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0', description: 'now documented' }),
    );
    const version = await iot.send(new GetPackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0' }));
    assert.equal(version.description, 'now documented');
    assert.deepEqual(version.attributes, { board: 'rev-a' });
    await assert.rejects(
      iot.send(
        new UpdatePackageVersionCommand({
          packageName: 'firmware',
          versionName: '1.0.0',
          attributes: { board: 'rev-b' },
        }),
      ),
      ConflictException,
    );
    await assert.rejects(
      iot.send(new UpdatePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0', recipe: '{}' })),
      ConflictException,
    );
    await iot.send(new CreatePackageVersionCommand({ packageName: 'firmware', versionName: '1.1.0' }));
    await iot.send(
      new UpdatePackageVersionCommand({
        packageName: 'firmware',
        versionName: '1.1.0',
        attributes: { board: 'rev-c' },
        recipe: '{"steps":[]}',
      }),
    );
    assert.equal(
      (await iot.send(new GetPackageVersionCommand({ packageName: 'firmware', versionName: '1.1.0' }))).recipe,
      '{"steps":[]}',
    );
  });

  it('the default version cannot be deleted until unset; a package with versions cannot be deleted', async () => {
    await assert.rejects(
      iot.send(new UpdatePackageCommand({ packageName: 'firmware', defaultVersionName: '1.1.0' })),
      ConflictException,
      'a DRAFT cannot be the default',
    );
    await assert.rejects(
      iot.send(
        new UpdatePackageCommand({ packageName: 'firmware', defaultVersionName: '1.0.0', unsetDefaultVersion: true }),
      ),
      (error: unknown) =>
        error instanceof ValidationException && /defaultVersionName and unsetDefaultVersion/.test(error.message),
    );
    await iot.send(new UpdatePackageCommand({ packageName: 'firmware', defaultVersionName: '1.0.0' }));
    assert.equal((await iot.send(new GetPackageCommand({ packageName: 'firmware' }))).defaultVersionName, '1.0.0');
    await assert.rejects(
      iot.send(new DeletePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0' })),
      ValidationException,
    );
    await assert.rejects(iot.send(new DeletePackageCommand({ packageName: 'firmware' })), ValidationException);
    await iot.send(new UpdatePackageCommand({ packageName: 'firmware', unsetDefaultVersion: true }));
    assert.equal((await iot.send(new GetPackageCommand({ packageName: 'firmware' }))).defaultVersionName, undefined);
    await iot.send(new DeletePackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0' }));
    await iot.send(new DeletePackageVersionCommand({ packageName: 'firmware', versionName: '1.1.0' }));
    await assert.rejects(
      iot.send(new GetPackageVersionCommand({ packageName: 'firmware', versionName: '1.0.0' })),
      ResourceNotFoundException,
    );
    await iot.send(new DeletePackageCommand({ packageName: 'firmware' }));
    await assert.rejects(iot.send(new GetPackageCommand({ packageName: 'firmware' })), ResourceNotFoundException);
  });

  it('attributes over 3 KB in total and more than 50 tags are rejected', async () => {
    await iot.send(new CreatePackageCommand({ packageName: 'limits' }));
    const big = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`key${i}`, 'v'.repeat(800)]));
    await assert.rejects(
      iot.send(new CreatePackageVersionCommand({ packageName: 'limits', versionName: '1.0', attributes: big })),
      (error: unknown) => error instanceof ValidationException && /attributes/.test(error.message),
    );
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x']));
    await assert.rejects(
      iot.send(new CreatePackageVersionCommand({ packageName: 'limits', versionName: '1.0', tags })),
      (error: unknown) =>
        error instanceof ValidationException &&
        /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/.test(error.message),
    );
    await assert.rejects(
      iot.send(new GetPackageVersionCommand({ packageName: 'limits', versionName: '1.0' })),
      ResourceNotFoundException,
    );
  });
});

describe('IoT ListPackageVersions (the seed)', () => {
  before(async () => {
    await iot.send(new CreatePackageCommand({ packageName: 'agent' }));
    for (let i = 0; i < 250; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          iot.send(new CreatePackageVersionCommand({ packageName: 'agent', versionName: `1.${i + j}.0` })),
        ),
      );
    }
    for (const v of ['1.0.0', '1.1.0', '1.2.0'])
      await iot.send(new UpdatePackageVersionCommand({ packageName: 'agent', versionName: v, action: 'PUBLISH' }));
    await iot.send(
      new UpdatePackageVersionCommand({ packageName: 'agent', versionName: '1.2.0', action: 'DEPRECATE' }),
    );
  });

  it('pages through 250 versions, each once, in natural version order, with real timestamps', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await iot.send(new ListPackageVersionsCommand({ packageName: 'agent', maxResults: 100, nextToken }));
      for (const summary of page.packageVersionSummaries!) {
        assert.ok(summary.creationDate instanceof Date && summary.lastModifiedDate instanceof Date);
        assert.ok(Math.abs(summary.creationDate.getTime() - Date.now()) < 120_000);
        assert.equal(summary.packageName, 'agent');
        seen.push(summary.versionName!);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(
      seen,
      Array.from({ length: 250 }, (_, i) => `1.${i}.0`),
    );
  });

  it('filters by status', async () => {
    const published = await iot.send(new ListPackageVersionsCommand({ packageName: 'agent', status: 'PUBLISHED' }));
    assert.deepEqual(
      published.packageVersionSummaries?.map((v) => v.versionName),
      ['1.0.0', '1.1.0'],
    );
    const deprecated = await iot.send(new ListPackageVersionsCommand({ packageName: 'agent', status: 'DEPRECATED' }));
    assert.deepEqual(
      deprecated.packageVersionSummaries?.map((v) => [v.versionName, v.status]),
      [['1.2.0', 'DEPRECATED']],
    );
  });

  it('maxResults 0 and 101 are 400s naming maxResults; a bad packageName is a 400 naming it', async () => {
    for (const maxResults of [0, 101]) {
      await assert.rejects(
        iot.send(new ListPackageVersionsCommand({ packageName: 'agent', maxResults })),
        (error: unknown) =>
          error instanceof ValidationException && /at 'maxResults' failed to satisfy constraint/.test(error.message),
      );
    }
    for (const packageName of ['bad name!', 'x'.repeat(129)]) {
      await assert.rejects(
        iot.send(new ListPackageVersionsCommand({ packageName })),
        (error: unknown) =>
          error instanceof ValidationException && /at 'packageName' failed to satisfy constraint/.test(error.message),
      );
    }
  });

  it('an unknown package lists nothing (200); a token from another query is refused', async () => {
    const empty = await iot.send(new ListPackageVersionsCommand({ packageName: 'never-created' }));
    assert.deepEqual(empty.packageVersionSummaries, []);
    const first = await iot.send(new ListPackageVersionsCommand({ packageName: 'agent', maxResults: 10 }));
    await assert.rejects(
      iot.send(new ListPackageVersionsCommand({ packageName: 'agent', status: 'DRAFT', nextToken: first.nextToken })),
      ValidationException,
    );
  });

  it('the aws iot CLI lists versions with its paginator and status filter', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    delete env.AWS_PROFILE;
    const all = JSON.parse(
      (
        await run(
          'aws',
          [
            'iot',
            'list-package-versions',
            '--package-name',
            'agent',
            '--page-size',
            '30',
            '--endpoint-url',
            server.endpoint,
            '--output',
            'json',
          ],
          { env },
        )
      ).stdout,
    );
    assert.equal(all.packageVersionSummaries.length, 250);
    assert.equal(new Set(all.packageVersionSummaries.map((v: { versionName: string }) => v.versionName)).size, 250);
    const published = JSON.parse(
      (
        await run(
          'aws',
          [
            'iot',
            'list-package-versions',
            '--package-name',
            'agent',
            '--status',
            'PUBLISHED',
            '--endpoint-url',
            server.endpoint,
            '--output',
            'json',
          ],
          { env },
        )
      ).stdout,
    );
    assert.deepEqual(
      published.packageVersionSummaries.map((v: { versionName: string }) => v.versionName),
      ['1.0.0', '1.1.0'],
    );
    await assert.rejects(
      run('aws', ['iot', 'list-package-versions', '--package-name', 'bad name!', '--endpoint-url', server.endpoint], {
        env,
      }),
      /ValidationException/,
    );
  });
});

describe('IoT clientToken, SBOMs, configuration, tags', () => {
  it('the same clientToken and input returns the same result without a second version; other input is 409', async () => {
    await iot.send(new CreatePackageCommand({ packageName: 'idem' }));
    const clientToken = randomUUID();
    const first = await iot.send(
      new CreatePackageVersionCommand({ packageName: 'idem', versionName: '1.0', description: 'one', clientToken }),
    );
    const again = await iot.send(
      new CreatePackageVersionCommand({ packageName: 'idem', versionName: '1.0', description: 'one', clientToken }),
    );
    assert.equal(again.packageVersionArn, first.packageVersionArn);
    assert.equal(
      (await iot.send(new ListPackageVersionsCommand({ packageName: 'idem' }))).packageVersionSummaries?.length,
      1,
    );
    await assert.rejects(
      iot.send(
        new CreatePackageVersionCommand({ packageName: 'idem', versionName: '1.0', description: 'two', clientToken }),
      ),
      ConflictException,
    );
    // Without the same token, a second create of the same version is the ordinary conflict.
    await assert.rejects(
      iot.send(new CreatePackageVersionCommand({ packageName: 'idem', versionName: '1.0', description: 'one' })),
      ConflictException,
    );
    const bad = await signedFetch(server.endpoint, server.credentials, {
      method: 'PUT',
      path: '/packages/idem',
      query: { clientToken: 'short' },
      body: '{}',
      service: 'iot',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /at 'clientToken'/);
  });

  it('associates an SBOM kept as a CodeArtifact generic asset and reports its validation', async () => {
    const ca = codeartifact(server.endpoint, server.credentials);
    await ca.send(new CreateDomainCommand({ domain: 'iot-sboms' }));
    await ca.send(new CreateRepositoryCommand({ domain: 'iot-sboms', repository: 'sboms' }));
    const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] });
    await ca.send(
      new PublishPackageVersionCommand({
        domain: 'iot-sboms',
        repository: 'sboms',
        format: 'generic',
        namespace: 'iot',
        package: 'idem',
        packageVersion: '1.0',
        assetName: 'bom.json',
        assetContent: Buffer.from(sbom),
        assetSHA256: createHash('sha256').update(sbom).digest('hex'),
      }),
    );
    ca.destroy();
    const ok = await iot.send(
      new AssociateSbomWithPackageVersionCommand({
        packageName: 'idem',
        versionName: '1.0',
        sbom: { s3Location: { bucket: 'quiver-codeartifact', key: 'iot-sboms/sboms/iot/idem/1.0/bom.json' } },
      }),
    );
    assert.equal(ok.sbomValidationStatus, 'SUCCEEDED');
    assert.equal(
      (await iot.send(new GetPackageVersionCommand({ packageName: 'idem', versionName: '1.0' }))).sbom?.s3Location?.key,
      'iot-sboms/sboms/iot/idem/1.0/bom.json',
    );
    const elsewhere = await iot.send(
      new AssociateSbomWithPackageVersionCommand({
        packageName: 'idem',
        versionName: '1.0',
        sbom: { s3Location: { bucket: 'my-bucket', key: 'bom.json' } },
      }),
    );
    assert.equal(elsewhere.sbomValidationStatus, 'FAILED');
    const results = await iot.send(
      new ListSbomValidationResultsCommand({ packageName: 'idem', versionName: '1.0', validationResult: 'FAILED' }),
    );
    assert.equal(results.validationResultSummaries?.[0]?.errorCode, 'INCOMPATIBLE_FORMAT');
    assert.match(results.validationResultSummaries?.[0]?.errorMessage ?? '', /quiver-codeartifact/);
  });

  it('package configuration round-trips; tags on packages and versions', async () => {
    assert.deepEqual((await iot.send(new GetPackageConfigurationCommand({}))).versionUpdateByJobsConfig, {
      enabled: false,
    });
    const roleArn = `arn:aws:iam::${server.credentials.accountId}:role/jobs-shadow`;
    await iot.send(new UpdatePackageConfigurationCommand({ versionUpdateByJobsConfig: { enabled: true, roleArn } }));
    assert.deepEqual((await iot.send(new GetPackageConfigurationCommand({}))).versionUpdateByJobsConfig, {
      enabled: true,
      roleArn,
    });

    const arn = `arn:aws:iot:us-east-1:${server.credentials.accountId}:package/idem/version/1.0`;
    await iot.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { Key: 'stage', Value: 'beta' },
          { Key: 'owner', Value: 'edge' },
        ],
      }),
    );
    await iot.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['owner'] }));
    assert.deepEqual((await iot.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [
      { Key: 'stage', Value: 'beta' },
    ]);
    await assert.rejects(
      iot.send(new ListTagsForResourceCommand({ resourceArn: `${arn}.9` })),
      ResourceNotFoundException,
    );
    const listed = await iot.send(new ListPackagesCommand({}));
    assert.ok(listed.packageSummaries?.some((p) => p.packageName === 'idem'));
  });
});
