// CodeArtifact package versions through the real @aws-sdk/client-codeartifact: the two seed operations
// (ListPackageVersions, UpdatePackageVersionsStatus) exactly as AWS documents them, and everything around them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AccessDeniedException,
  ConflictException,
  CopyPackageVersionsCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageCommand,
  DeletePackageVersionsCommand,
  DescribePackageCommand,
  DescribePackageVersionCommand,
  DisposePackageVersionsCommand,
  GetPackageVersionAssetCommand,
  GetPackageVersionReadmeCommand,
  ListPackagesCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  UpdatePackageVersionsStatusCommand,
  ValidationException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact, signedFetch } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
let client: CodeartifactClient;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const coords = (pkg: string, repository = 'main') => ({
  domain: 'pv',
  repository,
  format: 'generic' as const,
  namespace: 'team',
  package: pkg,
});

async function publish(
  pkg: string,
  version: string,
  content: string,
  options: { asset?: string; unfinished?: boolean; repository?: string } = {},
) {
  return client.send(
    new PublishPackageVersionCommand({
      ...coords(pkg, options.repository),
      packageVersion: version,
      assetName: options.asset ?? 'artifact.bin',
      assetContent: Buffer.from(content),
      assetSHA256: sha256(content),
      unfinished: options.unfinished,
    }),
  );
}

async function download(pkg: string, version: string, asset = 'artifact.bin') {
  const response = await client.send(
    new GetPackageVersionAssetCommand({ ...coords(pkg), packageVersion: version, asset }),
  );
  return { text: await response.asset!.transformToString(), revision: response.packageVersionRevision };
}

const listAll = async (pkg: string, extra: Record<string, unknown> = {}) => {
  const versions: { version?: string; status?: string; revision?: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListPackageVersionsCommand({ ...coords(pkg), ...extra, nextToken }));
    versions.push(...page.versions!);
    nextToken = page.nextToken;
  } while (nextToken);
  return versions;
};

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'pv' }));
  await client.send(new CreateRepositoryCommand({ domain: 'pv', repository: 'main' }));
  await client.send(new CreateRepositoryCommand({ domain: 'pv', repository: 'release' }));
});
after(async () => {
  client.destroy();
  await server.stop();
});

describe('PublishPackageVersion', () => {
  it('publishes a generic version with its hashes, and several assets while Unfinished, each changing the revision', async () => {
    const first = await publish('tool', '1.0.0', 'linux build', { asset: 'tool-linux', unfinished: true });
    assert.equal(first.status, 'Unfinished');
    assert.equal(first.asset?.name, 'tool-linux');
    assert.equal(first.asset?.size, 11);
    assert.equal(first.asset?.hashes?.['SHA-256'], sha256('linux build'));
    assert.equal(first.asset?.hashes?.MD5, createHash('md5').update('linux build').digest('hex'));
    const second = await publish('tool', '1.0.0', 'mac build', { asset: 'tool-mac', unfinished: true });
    assert.notEqual(second.versionRevision, first.versionRevision, 'a new asset is a new revision');
    const last = await publish('tool', '1.0.0', 'windows build', { asset: 'tool-windows' });
    assert.equal(last.status, 'Published');
    const assets = await client.send(
      new ListPackageVersionAssetsCommand({ ...coords('tool'), packageVersion: '1.0.0' }),
    );
    assert.deepEqual(
      assets.assets?.map((a) => a.name),
      ['tool-linux', 'tool-mac', 'tool-windows'],
    );
    assert.equal(assets.versionRevision, last.versionRevision);
    await assert.rejects(
      publish('tool', '1.0.0', 'late', { asset: 'tool-late' }),
      ConflictException,
      'no assets after Published',
    );
    const again = await publish('tool', '1.0.0', 'windows build', { asset: 'tool-windows' });
    assert.equal(again.versionRevision, last.versionRevision, 'the identical asset again is idempotent');
    await assert.rejects(publish('tool', '1.0.0', 'other bytes', { asset: 'tool-windows' }), ConflictException);
  });

  it('a wrong assetSHA256 is a 400 and leaves nothing behind: no version, no package, no blob', async () => {
    const content = Buffer.from('the real bytes');
    await assert.rejects(
      client.send(
        new PublishPackageVersionCommand({
          ...coords('ghost'),
          packageVersion: '1.0.0',
          assetName: 'a',
          assetContent: content,
          assetSHA256: sha256('other bytes'),
        }),
      ),
      (error: unknown) => error instanceof ValidationException && /assetSHA256/.test(error.message),
    );
    await assert.rejects(client.send(new DescribePackageCommand(coords('ghost'))), ResourceNotFoundException);
    assert.equal(await server.quiver.blobs.has(sha256(content)), false);
    assert.deepEqual(await server.quiver.blobs.leftovers(), []);
  });

  it('only generic packages, with a namespace, in an existing repository', async () => {
    await assert.rejects(
      client.send(
        new PublishPackageVersionCommand({
          ...coords('x'),
          format: 'npm',
          packageVersion: '1.0.0',
          assetName: 'a',
          assetContent: Buffer.from('x'),
          assetSHA256: sha256('x'),
        }),
      ),
      (error: unknown) => error instanceof ValidationException && /Only generic packages/.test(error.message),
    );
    await assert.rejects(
      client.send(
        new PublishPackageVersionCommand({
          ...coords('x'),
          namespace: undefined,
          packageVersion: '1.0.0',
          assetName: 'a',
          assetContent: Buffer.from('x'),
          assetSHA256: sha256('x'),
        }),
      ),
      ValidationException,
    );
    await assert.rejects(publish('x', '1.0.0', 'x', { repository: 'nope' }), ResourceNotFoundException);
  });
});

describe('ListPackageVersions', () => {
  before(async () => {
    for (const version of ['1.0.0', '1.2.0', '1.10.0', '2.0.0-beta.1', '2.0.0'])
      await publish('lib', version, `lib ${version}`);
    await client.send(
      new UpdatePackageVersionsStatusCommand({ ...coords('lib'), versions: ['1.0.0'], targetStatus: 'Archived' }),
    );
    await client.send(
      new UpdatePackageVersionsStatusCommand({ ...coords('lib'), versions: ['1.2.0'], targetStatus: 'Unlisted' }),
    );
  });

  it('lists every status by default, in natural version order, with revision and origin', async () => {
    const page = await client.send(new ListPackageVersionsCommand(coords('lib')));
    assert.deepEqual(
      page.versions?.map((v) => v.version),
      ['1.0.0', '1.2.0', '1.10.0', '2.0.0', '2.0.0-beta.1'],
    );
    assert.deepEqual(
      page.versions?.map((v) => v.status),
      ['Archived', 'Unlisted', 'Published', 'Published', 'Published'],
    );
    assert.deepEqual(page.versions?.[0]?.origin, {
      domainEntryPoint: { repositoryName: 'main' },
      originType: 'INTERNAL',
    });
    assert.ok(page.versions?.every((v) => typeof v.revision === 'string' && v.revision.length > 10));
    assert.equal(page.format, 'generic');
    assert.equal(page.namespace, 'team');
    assert.equal(page.package, 'lib');
    assert.equal(page.defaultDisplayVersion, '2.0.0', 'the most recently published Published version');
    assert.equal(page.nextToken, undefined);
  });

  it('filters by status and originType; sortBy=PUBLISHED_TIME is newest first', async () => {
    assert.deepEqual(
      (await listAll('lib', { status: 'Unlisted' })).map((v) => v.version),
      ['1.2.0'],
    );
    assert.deepEqual(
      (await listAll('lib', { status: 'Disposed' })).map((v) => v.version),
      [],
    );
    assert.equal((await listAll('lib', { originType: 'INTERNAL' })).length, 5);
    assert.equal((await listAll('lib', { originType: 'EXTERNAL' })).length, 0);
    const newest = await client.send(
      new ListPackageVersionsCommand({ ...coords('lib'), sortBy: 'PUBLISHED_TIME', maxResults: 2 }),
    );
    assert.deepEqual(
      newest.versions?.map((v) => v.version),
      ['2.0.0', '2.0.0-beta.1'],
    );
    const rest = await client.send(
      new ListPackageVersionsCommand({ ...coords('lib'), sortBy: 'PUBLISHED_TIME', nextToken: newest.nextToken }),
    );
    assert.deepEqual(
      rest.versions?.map((v) => v.version),
      ['1.10.0', '1.2.0', '1.0.0'],
    );
  });

  it('a package not in the repository is 404 ResourceNotFoundException', async () => {
    await assert.rejects(client.send(new ListPackageVersionsCommand(coords('no-such-package'))), (error: unknown) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.equal(error.resourceType, 'package');
      assert.match(error.message, /Package not found in repository/);
      return true;
    });
    await assert.rejects(
      client.send(new ListPackageVersionsCommand(coords('lib', 'release'))),
      ResourceNotFoundException,
    );
  });

  it('max-results defaults to 50; 0 and 1001 are 400s naming max-results', async () => {
    for (let i = 0; i < 60; i++) await publish('many', `0.0.${i}`, `many ${i}`);
    const page = await client.send(new ListPackageVersionsCommand(coords('many')));
    assert.equal(page.versions?.length, 50);
    assert.ok(page.nextToken);
    for (const bad of ['0', '1001']) {
      const response = await signedFetch(server.endpoint, server.credentials, {
        path: '/v1/package/versions',
        query: {
          domain: 'pv',
          repository: 'main',
          format: 'generic',
          namespace: 'team',
          package: 'many',
          'max-results': bad,
        },
      });
      assert.equal(response.status, 400);
      assert.match(response.json.message, /at 'max-results' failed to satisfy constraint/);
    }
  });

  it('a forged or altered next-token, or one reused with another filter, is a 400', async () => {
    const page = await client.send(new ListPackageVersionsCommand({ ...coords('many'), maxResults: 5 }));
    const token = page.nextToken!;
    await assert.rejects(
      client.send(new ListPackageVersionsCommand({ ...coords('many'), nextToken: `${token.slice(0, -3)}abc` })),
      ValidationException,
    );
    await assert.rejects(
      client.send(
        new ListPackageVersionsCommand({ ...coords('many'), nextToken: 'eyJsaXN0UGFja2FnZVZlcnNpb25zIjoxfQ==' }),
      ),
      ValidationException,
    );
    await assert.rejects(
      client.send(new ListPackageVersionsCommand({ ...coords('many'), status: 'Published', nextToken: token })),
      ValidationException,
    );
    await assert.rejects(
      client.send(new ListPackageVersionsCommand({ ...coords('lib'), nextToken: token })),
      ValidationException,
    );
  });

  it('pages through 2,500 versions, each exactly once, while another client publishes and deletes between pages', async () => {
    const originals = Array.from({ length: 2500 }, (_, i) => `${Math.floor(i / 100)}.${i % 100}.0`);
    for (let i = 0; i < originals.length; i += 50) {
      await Promise.all(originals.slice(i, i + 50).map((version) => publish('big', version, `big ${version}`)));
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pageNumber = 0;
    do {
      const page = await client.send(new ListPackageVersionsCommand({ ...coords('big'), maxResults: 97, nextToken }));
      seen.push(...page.versions!.map((v) => v.version!));
      nextToken = page.nextToken;
      pageNumber++;
      // Between pages: a writer adds versions before and after the cursor, and deletes the previous extras.
      await publish('big', `0.0.${pageNumber}-extra`, `extra ${pageNumber}`);
      await publish('big', `99.${pageNumber}.0`, `late ${pageNumber}`);
      if (pageNumber > 1) {
        await client.send(
          new DeletePackageVersionsCommand({
            ...coords('big'),
            versions: [`0.0.${pageNumber - 1}-extra`, `99.${pageNumber - 1}.0`],
          }),
        );
      }
    } while (nextToken);
    const counts = new Map<string, number>();
    for (const version of seen) counts.set(version, (counts.get(version) ?? 0) + 1);
    assert.deepEqual(
      [...counts.entries()].filter(([, n]) => n > 1),
      [],
      'no version twice',
    );
    for (const version of originals) assert.equal(counts.get(version), 1, `${version} listed once`);
  });
});

describe('UpdatePackageVersionsStatus', () => {
  before(async () => {
    for (const version of ['1.0.0', '2.0.0', '3.0.0', '4.0.0']) await publish('app', version, `app ${version}`);
  });

  it('changes every listed version and keeps their revisions', async () => {
    const before = await listAll('app');
    const result = await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...coords('app'),
        versions: ['1.0.0', '2.0.0'],
        expectedStatus: 'Published',
        targetStatus: 'Unlisted',
      }),
    );
    assert.deepEqual(result.failedVersions, {});
    assert.deepEqual(result.successfulVersions, {
      '1.0.0': { revision: before[0]!.revision, status: 'Unlisted' },
      '2.0.0': { revision: before[1]!.revision, status: 'Unlisted' },
    });
    const described = await client.send(
      new DescribePackageVersionCommand({ ...coords('app'), packageVersion: '1.0.0' }),
    );
    assert.equal(described.packageVersion?.status, 'Unlisted');
    assert.equal(described.packageVersion?.revision, before[0]!.revision, 'a status change keeps the revision');
    await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...coords('app'),
        versions: ['1.0.0', '2.0.0'],
        targetStatus: 'Published',
      }),
    );
  });

  it('is all-or-nothing: NOT_FOUND fails one, the others are SKIPPED and unchanged', async () => {
    const result = await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...coords('app'),
        versions: ['1.0.0', '9.9.9', '3.0.0'],
        targetStatus: 'Archived',
      }),
    );
    assert.deepEqual(result.successfulVersions, {});
    assert.equal(result.failedVersions?.['9.9.9']?.errorCode, 'NOT_FOUND');
    assert.deepEqual(result.failedVersions?.['1.0.0'], {
      errorCode: 'SKIPPED',
      errorMessage: 'version 1.0.0 is skipped',
    });
    assert.deepEqual(result.failedVersions?.['3.0.0'], {
      errorCode: 'SKIPPED',
      errorMessage: 'version 3.0.0 is skipped',
    });
    assert.deepEqual(
      (await listAll('app')).map((v) => v.status),
      ['Published', 'Published', 'Published', 'Published'],
    );
  });

  it('MISMATCHED_STATUS and MISMATCHED_REVISION carry AWS messages', async () => {
    const mismatched = await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...coords('app'),
        versions: ['1.0.0', '2.0.0'],
        expectedStatus: 'Unlisted',
        targetStatus: 'Archived',
      }),
    );
    assert.deepEqual(mismatched.failedVersions?.['1.0.0'], {
      errorCode: 'MISMATCHED_STATUS',
      errorMessage: 'current status: Published, expected status: Unlisted',
    });
    const revision = (await listAll('app'))[0]!.revision!;
    const wrongRevision = await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...coords('app'),
        versions: ['1.0.0', '2.0.0'],
        versionRevisions: { '1.0.0': 'not-the-revision' },
        targetStatus: 'Archived',
      }),
    );
    assert.deepEqual(wrongRevision.failedVersions?.['1.0.0'], {
      errorCode: 'MISMATCHED_REVISION',
      errorMessage: `current revision: ${revision}, expected revision: not-the-revision`,
    });
    assert.equal(wrongRevision.failedVersions?.['2.0.0']?.errorCode, 'SKIPPED');
    const rightRevision = await client.send(
      new UpdatePackageVersionsStatusCommand({
        ...coords('app'),
        versions: ['1.0.0'],
        versionRevisions: { '1.0.0': revision },
        targetStatus: 'Archived',
      }),
    );
    assert.equal(rightRevision.successfulVersions?.['1.0.0']?.status, 'Archived');
  });

  it('target Unfinished, Disposed or Deleted, and more than 100 versions, are 400s', async () => {
    for (const targetStatus of ['Unfinished', 'Disposed', 'Deleted'] as const) {
      await assert.rejects(
        client.send(new UpdatePackageVersionsStatusCommand({ ...coords('app'), versions: ['1.0.0'], targetStatus })),
        ValidationException,
      );
    }
    await assert.rejects(
      client.send(
        new UpdatePackageVersionsStatusCommand({
          ...coords('app'),
          versions: Array.from({ length: 101 }, (_, i) => `0.0.${i}`),
          targetStatus: 'Archived',
        }),
      ),
      (error: unknown) =>
        error instanceof ValidationException &&
        /at 'versions' failed to satisfy constraint: Member must have length less than or equal to 100/.test(
          error.message,
        ),
    );
    await assert.rejects(
      client.send(
        new UpdatePackageVersionsStatusCommand({
          ...coords('nothing-here'),
          versions: ['1.0.0'],
          targetStatus: 'Archived',
        }),
      ),
      ResourceNotFoundException,
    );
  });

  it('8 concurrent callers with the same expectedStatus: exactly one wins per version', async () => {
    const versions = ['race-1', 'race-2', 'race-3', 'race-4', 'race-5'];
    for (const version of versions) await publish('race', version, version);
    const racers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        codeartifact(server.endpoint, server.credentials).send(
          new UpdatePackageVersionsStatusCommand({
            ...coords('race'),
            versions,
            expectedStatus: 'Published',
            targetStatus: i % 2 === 0 ? 'Unlisted' : 'Archived',
          }),
        ),
      ),
    );
    for (const version of versions) {
      const winners = racers.filter((result) => result.successfulVersions?.[version]);
      assert.equal(winners.length, 1, `${version}: exactly one winner`);
    }
    const losers = racers.filter((result) => Object.keys(result.successfulVersions ?? {}).length === 0);
    assert.equal(losers.length, 7);
    for (const loser of losers) {
      assert.ok(Object.values(loser.failedVersions!).every((f) => f.errorCode === 'MISMATCHED_STATUS'));
    }
    const winner = racers.find((result) => Object.keys(result.successfulVersions ?? {}).length > 0)!;
    const finalStatus = Object.values(winner.successfulVersions!)[0]!.status;
    assert.ok((await listAll('race')).every((v) => v.status === finalStatus));
  });
});

describe('assets, dispose, delete, copy, origin configuration', () => {
  it('Unlisted assets download with their revision header; Archived ones do not; a stale revision is 404', async () => {
    await publish('dl', '1.0.0', 'download me');
    const { text, revision } = await download('dl', '1.0.0');
    assert.equal(text, 'download me');
    const listed = (await listAll('dl'))[0]!;
    assert.equal(revision, listed.revision, 'X-PackageVersionRevision is the version revision');
    await client.send(
      new UpdatePackageVersionsStatusCommand({ ...coords('dl'), versions: ['1.0.0'], targetStatus: 'Unlisted' }),
    );
    assert.equal((await download('dl', '1.0.0')).text, 'download me');
    await client.send(
      new UpdatePackageVersionsStatusCommand({ ...coords('dl'), versions: ['1.0.0'], targetStatus: 'Archived' }),
    );
    await assert.rejects(download('dl', '1.0.0'), ConflictException);
    await client.send(
      new UpdatePackageVersionsStatusCommand({ ...coords('dl'), versions: ['1.0.0'], targetStatus: 'Published' }),
    );
    await assert.rejects(
      client.send(
        new GetPackageVersionAssetCommand({
          ...coords('dl'),
          packageVersion: '1.0.0',
          asset: 'artifact.bin',
          packageVersionRevision: 'stale',
        }),
      ),
      ResourceNotFoundException,
    );
    await assert.rejects(download('dl', '1.0.0', 'no-such-asset'), ResourceNotFoundException);
  });

  it('dispose deletes the bytes (unless another version shares them), keeps the metadata, and is final', async () => {
    await publish('disp', '1.0.0', 'shared bytes');
    await publish('disp', '2.0.0', 'shared bytes');
    await publish('disp', '3.0.0', 'own bytes');
    const disposed = await client.send(
      new DisposePackageVersionsCommand({
        ...coords('disp'),
        versions: ['1.0.0', '3.0.0'],
        expectedStatus: 'Published',
      }),
    );
    assert.equal(disposed.successfulVersions?.['3.0.0']?.status, 'Disposed');
    assert.equal(await server.quiver.blobs.has(sha256('own bytes')), false, 'own bytes are gone');
    assert.equal(await server.quiver.blobs.has(sha256('shared bytes')), true, '2.0.0 still uses the shared bytes');
    const described = await client.send(
      new DescribePackageVersionCommand({ ...coords('disp'), packageVersion: '3.0.0' }),
    );
    assert.equal(described.packageVersion?.status, 'Disposed');
    assert.equal(described.packageVersion?.displayName, 'team/disp');
    assert.ok(described.packageVersion?.publishedTime instanceof Date);
    assert.deepEqual(
      (await client.send(new ListPackageVersionAssetsCommand({ ...coords('disp'), packageVersion: '3.0.0' }))).assets,
      [],
    );
    await assert.rejects(download('disp', '3.0.0'), ConflictException);

    const back = await client.send(
      new UpdatePackageVersionsStatusCommand({ ...coords('disp'), versions: ['3.0.0'], targetStatus: 'Published' }),
    );
    assert.equal(back.failedVersions?.['3.0.0']?.errorCode, 'NOT_ALLOWED');
    await client.send(new DisposePackageVersionsCommand({ ...coords('disp'), versions: ['2.0.0'] }));
    assert.equal(await server.quiver.blobs.has(sha256('shared bytes')), false, 'the last user disposed: bytes gone');
    assert.deepEqual(
      (await listAll('disp', { status: 'Disposed' })).map((v) => v.version),
      ['1.0.0', '2.0.0', '3.0.0'],
    );

    const deleted = await client.send(
      new DeletePackageVersionsCommand({ ...coords('disp'), versions: ['3.0.0'], expectedStatus: 'Disposed' }),
    );
    assert.equal(deleted.successfulVersions?.['3.0.0']?.status, 'Deleted');
    await assert.rejects(
      client.send(new DescribePackageVersionCommand({ ...coords('disp'), packageVersion: '3.0.0' })),
      ResourceNotFoundException,
    );
    assert.equal(
      (await publish('disp', '3.0.0', 'republished')).status,
      'Published',
      'a deleted version can be published again',
    );
  });

  it('copies versions between repositories: identical ones silently, different ones only with allowOverwrite', async () => {
    await publish('cp', '1.0.0', 'cp one');
    await publish('cp', '2.0.0', 'cp two');
    await assert.rejects(
      client.send(
        new CopyPackageVersionsCommand({
          domain: 'pv',
          sourceRepository: 'main',
          destinationRepository: 'release',
          format: 'generic',
          namespace: 'team',
          package: 'cp',
          versions: ['1.0.0'],
          versionRevisions: { '1.0.0': 'x' },
        }),
      ),
      (error: unknown) => error instanceof ValidationException && /versions or versionRevisions/.test(error.message),
    );
    const copy = (versions: string[], allowOverwrite?: boolean) =>
      client.send(
        new CopyPackageVersionsCommand({
          domain: 'pv',
          sourceRepository: 'main',
          destinationRepository: 'release',
          format: 'generic',
          namespace: 'team',
          package: 'cp',
          versions,
          allowOverwrite,
        }),
      );
    const first = await copy(['1.0.0', '2.0.0']);
    assert.deepEqual(Object.keys(first.successfulVersions!).sort(), ['1.0.0', '2.0.0']);
    const released = await client.send(new ListPackageVersionsCommand(coords('cp', 'release')));
    assert.deepEqual(
      released.versions?.map((v) => v.version),
      ['1.0.0', '2.0.0'],
    );
    assert.equal(
      released.versions?.[0]?.origin?.domainEntryPoint?.repositoryName,
      'main',
      'the entry point does not change',
    );
    const identical = await copy(['1.0.0']);
    assert.deepEqual(
      identical,
      { ...identical, successfulVersions: {}, failedVersions: {} },
      'identical: in neither map',
    );

    await client.send(new DeletePackageVersionsCommand({ ...coords('cp'), versions: ['2.0.0'] }));
    await publish('cp', '2.0.0', 'cp two, rebuilt');
    const clash = await copy(['1.0.0', '2.0.0', '7.0.0']);
    assert.equal(clash.failedVersions?.['2.0.0']?.errorCode, 'ALREADY_EXISTS');
    assert.equal(clash.failedVersions?.['7.0.0']?.errorCode, 'NOT_FOUND');
    assert.deepEqual(clash.failedVersions?.['1.0.0'], {
      errorCode: 'SKIPPED',
      errorMessage: 'Version 1.0.0 was skipped',
    });
    const overwritten = await copy(['2.0.0'], true);
    assert.ok(overwritten.successfulVersions?.['2.0.0']);
    const got = await client.send(
      new GetPackageVersionAssetCommand({ ...coords('cp', 'release'), packageVersion: '2.0.0', asset: 'artifact.bin' }),
    );
    assert.equal(await got.asset!.transformToString(), 'cp two, rebuilt');

    // The model bounds versions (100) but not the versionRevisions map: 40,000 keys are a 400 naming the bound,
    // not a 500 from an IN list past SQLite's and PostgreSQL's parameter limits.
    await assert.rejects(
      client.send(
        new CopyPackageVersionsCommand({
          domain: 'pv',
          sourceRepository: 'main',
          destinationRepository: 'release',
          format: 'generic',
          namespace: 'team',
          package: 'cp',
          versionRevisions: Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`9.${i}.0`, 'r'])),
        }),
      ),
      (error: unknown) => error instanceof ValidationException && /At most 100 versions/.test(error.message),
    );
  });

  it('origin configuration: creates an empty package, blocks publishing, filters ListPackages', async () => {
    const put = await client.send(
      new PutPackageOriginConfigurationCommand({
        ...coords('locked'),
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      }),
    );
    assert.deepEqual(put.originConfiguration?.restrictions, { publish: 'BLOCK', upstream: 'ALLOW' });
    const described = await client.send(new DescribePackageCommand(coords('locked')));
    assert.deepEqual(described.package, {
      format: 'generic',
      namespace: 'team',
      name: 'locked',
      originConfiguration: { restrictions: { publish: 'BLOCK', upstream: 'ALLOW' } },
    });
    assert.deepEqual((await client.send(new ListPackageVersionsCommand(coords('locked')))).versions, []);
    await assert.rejects(publish('locked', '1.0.0', 'nope'), AccessDeniedException);
    const blocked = await client.send(new ListPackagesCommand({ domain: 'pv', repository: 'main', publish: 'BLOCK' }));
    assert.deepEqual(
      blocked.packages?.map((p) => p.package),
      ['locked'],
    );
    const published = await client.send(
      new ListPackagesCommand({ domain: 'pv', repository: 'main', packagePrefix: 'd' }),
    );
    assert.deepEqual(
      published.packages?.map((p) => p.package),
      ['disp', 'dl'],
    );
    assert.deepEqual(
      published.packages?.[0]?.originConfiguration?.restrictions,
      { publish: 'ALLOW', upstream: 'BLOCK' },
      'published first: publish=ALLOW, upstream=BLOCK',
    );
    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListPackagesCommand({ domain: 'pv', repository: 'main', maxResults: 3, nextToken }),
      );
      paged.push(...page.packages!.map((p) => p.package!));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(paged, [...paged].sort());
    assert.ok(paged.includes('lib') && paged.includes('locked'));
  });

  it('readme and dependencies of a generic version are empty; DeletePackage removes versions and their bytes', async () => {
    await publish('gone', '1.0.0', 'gone bytes');
    const readme = await client.send(
      new GetPackageVersionReadmeCommand({ ...coords('gone'), packageVersion: '1.0.0' }),
    );
    assert.equal(readme.readme, undefined);
    assert.equal(readme.version, '1.0.0');
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({ ...coords('gone'), packageVersion: '1.0.0' }),
    );
    assert.deepEqual(deps.dependencies, []);
    const deleted = await client.send(new DeletePackageCommand(coords('gone')));
    assert.equal(deleted.deletedPackage?.package, 'gone');
    assert.equal(await server.quiver.blobs.has(sha256('gone bytes')), false);
    await assert.rejects(client.send(new DescribePackageCommand(coords('gone'))), ResourceNotFoundException);
  });
});
