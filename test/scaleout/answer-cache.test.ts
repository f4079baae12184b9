// Two Quiver processes on one PostgreSQL, each keeping AWS list answers in its own memory (answer-cache.ts):
// a write through either is in the next answer from both, because each kept answer is checked against the
// change stamp the database moved in the writing transaction, never against anything an instance remembers.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
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
import { DeleteImageCommand, ImagebuilderClient, ListImagePackagesCommand } from '@aws-sdk/client-imagebuilder';
import { codeartifact, signedFetch } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';
import { createTestBucket, S3_KEYS } from '../helpers/s3.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('PostgreSQL', 'moto_server');

const coords = { domain: 'shared', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };
const instances: QuiverProcess[] = [];
const dirs: string[] = [];
let ca: CodeartifactClient[];
let iot: IoTClient[];
let ib: ImagebuilderClient[];
let dropDatabase: () => Promise<void>;

before(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  const { endpoint, bucket } = await createTestBucket();
  const shared = {
    QUIVER_DATABASE_URL: database.url,
    QUIVER_BLOB_URL: `s3://${bucket}/quiver`,
    QUIVER_S3_ENDPOINT: endpoint,
    QUIVER_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
    QUIVER_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
  };
  const started = await Promise.all(
    [0, 1].map(() => {
      const dir = tempDir('quiver-answers-');
      dirs.push(dir);
      return spawnQuiver(dir, shared);
    }),
  );
  instances.push(...started);
  const options = (i: QuiverProcess) => ({
    endpoint: i.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: i.credentials,
  });
  ca = instances.map((i) => codeartifact(i.endpoint, i.credentials));
  iot = instances.map((i) => new IoTClient(options(i)));
  ib = instances.map((i) => new ImagebuilderClient(options(i)));
});

after(async () => {
  for (const client of [...ca, ...iot, ...ib]) client.destroy();
  await Promise.all(instances.map((instance) => stopProcess(instance.child)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
});

/** Both instances' answers, each asked twice (the second from its memory when nothing changed). */
async function fromBoth<T>(ask: (i: number) => Promise<T>): Promise<T> {
  const answers = [await ask(0), await ask(0), await ask(1), await ask(1)];
  for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0]);
  return answers[0]!;
}

describe('two instances on one PostgreSQL, each with its own answer cache', () => {
  it('CodeArtifact ListPackageVersions follows writes made through the other instance', async () => {
    await ca[0]!.send(new CreateDomainCommand({ domain: 'shared' }));
    await ca[0]!.send(new CreateRepositoryCommand({ domain: 'shared', repository: 'repo' }));
    const publish = async (i: number, version: string) => {
      const content = Buffer.from(version);
      await ca[i]!.send(
        new PublishPackageVersionCommand({
          ...coords,
          packageVersion: version,
          assetName: 'a',
          assetContent: content,
          assetSHA256: createHash('sha256').update(content).digest('hex'),
        }),
      );
    };
    const listed = () =>
      fromBoth(async (i) => {
        const page = await ca[i]!.send(new ListCaVersionsCommand(coords));
        return { versions: page.versions!.map((v) => `${v.version}:${v.status}`), display: page.defaultDisplayVersion };
      });
    await publish(0, '1.0.0');
    assert.deepEqual(await listed(), { versions: ['1.0.0:Published'], display: '1.0.0' });
    await publish(1, '1.1.0');
    assert.deepEqual(await listed(), { versions: ['1.0.0:Published', '1.1.0:Published'], display: '1.1.0' });
    await ca[0]!.send(
      new UpdatePackageVersionsStatusCommand({ ...coords, versions: ['1.1.0'], targetStatus: 'Archived' }),
    );
    assert.deepEqual(await listed(), { versions: ['1.0.0:Published', '1.1.0:Archived'], display: '1.0.0' });
    await ca[1]!.send(new DeletePackageVersionsCommand({ ...coords, versions: ['1.0.0'] }));
    assert.deepEqual(await listed(), { versions: ['1.1.0:Archived'], display: undefined });
  });

  it('IoT ListPackageVersions follows writes made through the other instance, and a package made again', async () => {
    const listed = () =>
      fromBoth(async (i) =>
        (await iot[i]!.send(new ListPackageVersionsCommand({ packageName: 'fw' }))).packageVersionSummaries!.map(
          (v) => `${v.versionName}:${v.status}`,
        ),
      );
    await iot[0]!.send(new CreatePackageCommand({ packageName: 'fw' }));
    await iot[0]!.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '1.0' }));
    assert.deepEqual(await listed(), ['1.0:DRAFT']);
    await iot[1]!.send(new UpdatePackageVersionCommand({ packageName: 'fw', versionName: '1.0', action: 'PUBLISH' }));
    assert.deepEqual(await listed(), ['1.0:PUBLISHED']);
    await iot[0]!.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '2.0' }));
    assert.deepEqual(await listed(), ['1.0:PUBLISHED', '2.0:DRAFT']);
    await iot[1]!.send(new DeletePackageVersionCommand({ packageName: 'fw', versionName: '2.0' }));
    assert.deepEqual(await listed(), ['1.0:PUBLISHED']);
    await iot[0]!.send(new UpdatePackageVersionCommand({ packageName: 'fw', versionName: '1.0', action: 'DEPRECATE' }));
    await iot[0]!.send(new DeletePackageVersionCommand({ packageName: 'fw', versionName: '1.0' }));
    await iot[0]!.send(new DeletePackageCommand({ packageName: 'fw' }));
    await iot[1]!.send(new CreatePackageCommand({ packageName: 'fw' }));
    await iot[1]!.send(new CreatePackageVersionCommand({ packageName: 'fw', versionName: '1.0' }));
    assert.deepEqual(await listed(), ['1.0:DRAFT'], 'the same name made again, through the other instance');
  });

  it('24 simultaneous IoT version writes to one package, spread over the two, all succeed (they share its stamp)', async () => {
    await iot[0]!.send(new CreatePackageCommand({ packageName: 'busy' }));
    const names = Array.from({ length: 24 }, (_, i) => `3.0.${i}`);
    const created = await Promise.allSettled(
      names.map((versionName, i) =>
        iot[i % 2]!.send(new CreatePackageVersionCommand({ packageName: 'busy', versionName })),
      ),
    );
    assert.deepEqual(
      created.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
      [],
    );
    const published = await Promise.allSettled(
      names.map((versionName, i) =>
        iot[i % 2]!.send(new UpdatePackageVersionCommand({ packageName: 'busy', versionName, action: 'PUBLISH' })),
      ),
    );
    assert.deepEqual(
      published.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
      [],
    );
    const listed = await fromBoth(async (i) =>
      (await iot[i]!.send(new ListPackageVersionsCommand({ packageName: 'busy', maxResults: 100 })))
        .packageVersionSummaries!.map((v) => `${v.versionName}:${v.status}`)
        .sort(),
    );
    assert.deepEqual(listed, names.map((n) => `${n}:PUBLISHED`).sort());
  });

  it('Image Builder ListImagePackages follows a build deleted and imported again through the other instance', async () => {
    const importImage = async (i: number, content: string) => {
      const imported = await signedFetch(instances[i]!.endpoint, instances[i]!.credentials, {
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
    const arn = await importImage(0, 'curl\t7.88\n');
    const listed = () =>
      fromBoth(async (i) =>
        (await ib[i]!.send(new ListImagePackagesCommand({ imageBuildVersionArn: arn }))).imagePackageList!.map(
          (p) => `${p.packageName}=${p.packageVersion}`,
        ),
      );
    assert.deepEqual(await listed(), ['curl=7.88']);
    await ib[1]!.send(new DeleteImageCommand({ imageBuildVersionArn: arn }));
    assert.equal(await importImage(1, 'zlib\t1.3\n'), arn);
    assert.deepEqual(await listed(), ['zlib=1.3']);
  });
});
