// The AWS answer cache (src/aws/services/answer-cache.ts) through real SDK clients on real HTTP: a list answered
// again is a cache hit (the metrics say so) with the same content, and every write to what a page shows —
// status changes, new, deleted and disposed versions, npm's latest dist-tag, a package or image deleted and
// made again under the same name — is in the very next answer.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageCommand as DeleteCaPackageCommand,
  DeletePackageVersionsCommand,
  DescribePackageVersionCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionsCommand as ListCaVersionsCommand,
  PublishPackageVersionCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import {
  CreatePackageCommand,
  CreatePackageVersionCommand,
  DeletePackageCommand,
  DeletePackageVersionCommand,
  IoTClient,
  ListPackageVersionsCommand,
  UpdatePackageVersionCommand,
} from '@aws-sdk/client-iot';
import {
  DeleteImageCommand,
  ImagebuilderClient,
  ListImagePackagesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-imagebuilder';
import { codeartifact, signedFetch } from '../helpers/clients.js';
import { parseExposition, sumOf } from '../helpers/exposition.js';
import { npmPublishDocument } from '../helpers/npm.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

const TOKEN = 'answer-cache-metrics';
let server: RunningQuiver;
let ca: CodeartifactClient;
let iot: IoTClient;
let ib: ImagebuilderClient;

before(async () => {
  server = await startQuiver({ QUIVER_METRICS_TOKEN: TOKEN });
  const options = { endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: server.credentials };
  ca = codeartifact(server.endpoint, server.credentials);
  iot = new IoTClient(options);
  ib = new ImagebuilderClient(options);
  await ca.send(new CreateDomainCommand({ domain: 'cached' }));
  await ca.send(new CreateRepositoryCommand({ domain: 'cached', repository: 'repo' }));
});
after(async () => {
  ca.destroy();
  iot.destroy();
  ib.destroy();
  await server.stop();
});

async function answerLookups(): Promise<{ hit: number; miss: number }> {
  const response = await fetch(`${server.endpoint}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const samples = parseExposition(await response.text());
  const of = (result: string) => sumOf(samples, 'quiver_cache_lookups_total', { cache: 'aws_answer', result });
  return { hit: of('hit'), miss: of('miss') };
}

const without$metadata = <T extends { $metadata?: unknown }>({ $metadata: _, ...rest }: T) => rest;

const generic = { domain: 'cached', repository: 'repo', format: 'generic' as const, namespace: 'ns' };
async function publish(pkg: string, version: string, assetName = 'a.bin', unfinished = false): Promise<void> {
  const content = Buffer.from(`${pkg} ${version} ${assetName}`);
  await ca.send(
    new PublishPackageVersionCommand({
      ...generic,
      package: pkg,
      packageVersion: version,
      assetName,
      assetContent: content,
      assetSHA256: createHash('sha256').update(content).digest('hex'),
      unfinished,
    }),
  );
}

describe('CodeArtifact ListPackageVersions, kept behind the package change counter', () => {
  const list = async (input: { status?: 'Published' | 'Archived'; maxResults?: number; nextToken?: string } = {}) =>
    ca.send(new ListCaVersionsCommand({ ...generic, package: 'widget', ...input }));
  const shown = async (input?: Parameters<typeof list>[0]) =>
    (await list(input)).versions!.map((v) => `${v.version}:${v.status}`);

  it('answers again from memory, the same answer, and pages with the same token', async () => {
    for (const version of ['1.0.0', '1.1.0', '2.0.0']) await publish('widget', version);
    const first = await list();
    const before = await answerLookups();
    const again = await list();
    const counted = await answerLookups();
    assert.deepEqual(without$metadata(again), without$metadata(first));
    assert.equal(counted.hit, before.hit + 1, 'the second list was a hit');
    assert.equal(first.defaultDisplayVersion, '2.0.0');

    const page = await list({ maxResults: 2 });
    const pageAgain = await list({ maxResults: 2 });
    assert.ok(page.nextToken);
    assert.equal(pageAgain.nextToken, page.nextToken, 'page tokens are sealed deterministically');
    for (const token of [page.nextToken, pageAgain.nextToken]) {
      const next = await list({ maxResults: 2, nextToken: token });
      assert.deepEqual(
        next.versions!.map((v) => v.version),
        ['2.0.0'],
      );
    }
  });

  it('shows a status change, a new, a deleted and a disposed version in the next answer', async () => {
    assert.deepEqual(await shown(), ['1.0.0:Published', '1.1.0:Published', '2.0.0:Published']);
    assert.deepEqual(await shown({ status: 'Archived' }), []);
    await ca.send(
      new UpdatePackageVersionsStatusCommand({
        ...generic,
        package: 'widget',
        versions: ['2.0.0'],
        targetStatus: 'Archived',
      }),
    );
    assert.deepEqual(await shown(), ['1.0.0:Published', '1.1.0:Published', '2.0.0:Archived']);
    assert.deepEqual(await shown({ status: 'Archived' }), ['2.0.0:Archived']);
    assert.equal((await list()).defaultDisplayVersion, '1.1.0', 'the newest Published one now');

    await publish('widget', '3.0.0');
    assert.deepEqual(await shown(), ['1.0.0:Published', '1.1.0:Published', '2.0.0:Archived', '3.0.0:Published']);
    await ca.send(new DeletePackageVersionsCommand({ ...generic, package: 'widget', versions: ['1.0.0'] }));
    assert.deepEqual(await shown(), ['1.1.0:Published', '2.0.0:Archived', '3.0.0:Published']);
    await ca.send(new DisposePackageVersionsCommand({ ...generic, package: 'widget', versions: ['1.1.0'] }));
    assert.deepEqual(await shown(), ['1.1.0:Disposed', '2.0.0:Archived', '3.0.0:Published']);
  });

  it('a package deleted and published again under its name lists only its new versions', async () => {
    await ca.send(new DeleteCaPackageCommand({ ...generic, package: 'widget' }));
    await publish('widget', '9.0.0');
    assert.deepEqual(await shown(), ['9.0.0:Published']);
  });

  it("npm's default display version follows the latest dist-tag", async () => {
    const { authorizationToken } = await ca.send(new GetAuthorizationTokenCommand({ domain: 'cached' }));
    const registry = `${server.endpoint}/cached-${server.credentials.accountId}/npm/repo/`;
    const headers = { authorization: `Bearer ${authorizationToken}`, 'content-type': 'application/json' };
    for (const version of ['1.0.0', '2.0.0']) {
      const published = await fetch(`${registry}left-pad`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(npmPublishDocument('left-pad', version)),
      });
      assert.equal(published.status, 201, await published.text());
    }
    const display = async () =>
      (
        await ca.send(
          new ListCaVersionsCommand({ domain: 'cached', repository: 'repo', format: 'npm', package: 'left-pad' }),
        )
      ).defaultDisplayVersion;
    assert.equal(await display(), '2.0.0');
    assert.equal(await display(), '2.0.0');
    const tagged = await fetch(`${registry}-/package/left-pad/dist-tags/latest`, {
      method: 'PUT',
      headers,
      body: JSON.stringify('1.0.0'),
    });
    assert.equal(tagged.status, 201, await tagged.text());
    assert.equal(await display(), '1.0.0');
  });
});

describe('CodeArtifact DescribePackageVersion and ListPackageVersionAssets, behind the same counter', () => {
  const version = { ...generic, package: 'gadget', packageVersion: '1.0.0' };
  const described = async () => {
    const { packageVersion } = await ca.send(new DescribePackageVersionCommand(version));
    return `${packageVersion!.status}:${packageVersion!.revision}`;
  };
  const assets = async () =>
    (await ca.send(new ListPackageVersionAssetsCommand(version))).assets!.map((asset) => asset.name);

  it('answers again from memory and shows a new asset and each status change at once', async () => {
    await publish('gadget', '1.0.0', 'a.bin', true);
    const first = await described();
    assert.match(first, /^Unfinished:/);
    const before = await answerLookups();
    assert.equal(await described(), first);
    assert.deepEqual(await assets(), ['a.bin']);
    assert.deepEqual(await assets(), ['a.bin']);
    assert.equal((await answerLookups()).hit, before.hit + 2);

    await publish('gadget', '1.0.0', 'b.bin', true);
    assert.deepEqual(await assets(), ['a.bin', 'b.bin']);
    const revised = await described();
    assert.notEqual(revised, first, 'a new asset is a new revision');
    await ca.send(
      new UpdatePackageVersionsStatusCommand({
        ...generic,
        package: 'gadget',
        versions: ['1.0.0'],
        targetStatus: 'Published',
      }),
    );
    assert.match(await described(), /^Published:/);
    await ca.send(new DisposePackageVersionsCommand({ ...generic, package: 'gadget', versions: ['1.0.0'] }));
    assert.match(await described(), /^Disposed:/);
    assert.deepEqual(await assets(), [], 'a disposed version keeps no assets');
  });
});

describe('IoT ListPackageVersions, kept behind the package stamp of migration 11', () => {
  const shown = async (maxResults?: number, nextToken?: string) => {
    const page = await iot.send(new ListPackageVersionsCommand({ packageName: 'fw', maxResults, nextToken }));
    return {
      versions: page.packageVersionSummaries!.map((v) => `${v.versionName}:${v.status}`),
      nextToken: page.nextToken,
    };
  };

  it('is a hit when nothing changed, and shows every write at once', async () => {
    await iot.send(new CreatePackageCommand({ packageName: 'fw' }));
    await iot.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '1.0.0' }));
    await iot.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '1.1.0' }));
    assert.deepEqual((await shown()).versions, ['1.0.0:DRAFT', '1.1.0:DRAFT']);
    const before = await answerLookups();
    assert.deepEqual((await shown()).versions, ['1.0.0:DRAFT', '1.1.0:DRAFT']);
    assert.equal((await answerLookups()).hit, before.hit + 1);

    const first = await shown(1);
    assert.deepEqual(first.versions, ['1.0.0:DRAFT']);
    assert.deepEqual((await shown(1, first.nextToken)).versions, ['1.1.0:DRAFT']);
    assert.deepEqual((await shown(1, first.nextToken)).versions, ['1.1.0:DRAFT'], 'the page after, kept');

    await iot.send(new UpdatePackageVersionCommand({ packageName: 'fw', versionName: '1.0.0', action: 'PUBLISH' }));
    assert.deepEqual((await shown()).versions, ['1.0.0:PUBLISHED', '1.1.0:DRAFT']);
    await iot.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '1.10.0' }));
    assert.deepEqual((await shown()).versions, ['1.0.0:PUBLISHED', '1.1.0:DRAFT', '1.10.0:DRAFT']);
    await iot.send(new DeletePackageVersionCommand({ packageName: 'fw', versionName: '1.1.0' }));
    assert.deepEqual((await shown()).versions, ['1.0.0:PUBLISHED', '1.10.0:DRAFT']);
    assert.deepEqual((await shown(1, first.nextToken)).versions, ['1.10.0:DRAFT'], 'the kept page after moved too');
  });

  it('a package deleted and made again with the same versions lists them as they are now', async () => {
    await iot.send(new UpdatePackageVersionCommand({ packageName: 'fw', versionName: '1.0.0', action: 'DEPRECATE' }));
    await iot.send(new DeletePackageVersionCommand({ packageName: 'fw', versionName: '1.0.0' }));
    await iot.send(new DeletePackageVersionCommand({ packageName: 'fw', versionName: '1.10.0' }));
    await iot.send(new DeletePackageCommand({ packageName: 'fw' }));
    assert.deepEqual((await shown()).versions, [], 'an unknown package lists nothing');
    await iot.send(new CreatePackageCommand({ packageName: 'fw' }));
    await iot.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '1.0.0' }));
    await iot.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '1.10.0' }));
    assert.deepEqual((await shown()).versions, ['1.0.0:DRAFT', '1.10.0:DRAFT']);
  });
});

describe('Image Builder ListImagePackages, kept behind the image stamp of migration 11', () => {
  const importImage = async (content: string) => {
    const imported = await signedFetch(server.endpoint, server.credentials, {
      path: '/_quiver/ImportImageInventory',
      service: 'imagebuilder',
      body: JSON.stringify({
        name: 'base',
        semanticVersion: '1.0.0',
        platform: 'Linux',
        inventory: { format: 'dpkg', content },
      }),
    });
    assert.equal(imported.status, 200, imported.text);
    return imported.json.imageBuildVersionArn as string;
  };
  const packagesOf = async (imageBuildVersionArn: string) => {
    const page = await ib.send(new ListImagePackagesCommand({ imageBuildVersionArn }));
    return {
      requestId: page.requestId,
      packages: page.imagePackageList!.map((p) => `${p.packageName}=${p.packageVersion}`),
    };
  };

  it('each answer carries its own request id; a build deleted and imported again lists its new packages', async () => {
    const arn = await importImage('curl\t7.88\nzlib\t1.2\n');
    const first = await packagesOf(arn);
    const before = await answerLookups();
    const again = await packagesOf(arn);
    assert.equal((await answerLookups()).hit, before.hit + 1);
    assert.deepEqual(again.packages, ['curl=7.88', 'zlib=1.2']);
    assert.deepEqual(first.packages, again.packages);
    assert.notEqual(again.requestId, first.requestId, 'a kept page, a fresh request id');

    await ib.send(new DeleteImageCommand({ imageBuildVersionArn: arn }));
    await assert.rejects(packagesOf(arn), ResourceNotFoundException);
    const remade = await importImage('openssl\t3.0\n');
    assert.equal(remade, arn, 'the same build number again');
    assert.deepEqual((await packagesOf(arn)).packages, ['openssl=3.0']);
  });
});
