// `quiver gc` beside a serving Quiver while publishes run: it removes a planted untracked blob (a failed
// publish's bytes and a bare put), a planted leftover upload (an S3 tmp/ object, or a temporary file) and an
// expired clientToken record — only with --apply, and only those — and every published asset still downloads.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetPackageVersionAssetCommand,
  PublishPackageVersionCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parseBlobUrl } from '../../src/blobs/s3-blob-store.js';
import { burstClient } from '../helpers/clients.js';
import { quiverCli } from '../helpers/cli.js';
import { startQuiver, storeEnv, testBlobs, type RunningQuiver } from '../helpers/quiver.js';
import { s3Client } from '../helpers/s3.js';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const coords = { domain: 'gc', repository: 'repo', format: 'generic' as const, namespace: 'ops' };
const GRACE = '2s';
let server: RunningQuiver;
let client: CodeartifactClient;
let env: Record<string, string>;
const published: { pkg: string; version: string; content: Buffer }[] = [];

async function publish(pkg: string, version: string, content: Buffer): Promise<void> {
  await client.send(
    new PublishPackageVersionCommand({
      ...coords,
      package: pkg,
      packageVersion: version,
      assetName: 'a.bin',
      assetContent: content,
      assetSHA256: sha(content),
    }),
  );
  published.push({ pkg, version, content });
}

/** A temporary upload as a put whose process died leaves it. */
async function plantLeftover(): Promise<void> {
  if (testBlobs === 's3') {
    const location = parseBlobUrl(env.QUIVER_BLOB_URL!);
    const s3 = s3Client(env.QUIVER_S3_ENDPOINT!);
    await s3.send(
      new PutObjectCommand({ Bucket: location.bucket, Key: `${location.prefix}/tmp/${randomUUID()}`, Body: 'half' }),
    );
    s3.destroy();
  } else {
    writeFileSync(join(server.dataDir, 'blobs', 'tmp', randomUUID()), 'half an upload');
  }
}

interface Report {
  applied: boolean;
  untrackedBlobs: { found: number; removed: number };
  leftoverUploads: { found: number; removed: number };
  expiredTokens: { found: number; removed: number };
}

async function runGc(...args: string[]): Promise<Report> {
  const result = await quiverCli(['gc', '--grace', GRACE, '--json', ...args], env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /gc( \(dry run\))?: \d+ untracked blobs/, 'progress on stderr');
  return JSON.parse(result.stdout) as Report;
}

before(async () => {
  server = await startQuiver();
  env = await storeEnv(server.dataDir);
  client = burstClient(server.endpoint, server.credentials, 16);
  await client.send(new CreateDomainCommand({ domain: 'gc' }));
  await client.send(new CreateRepositoryCommand({ domain: 'gc', repository: 'repo' }));
});
after(async () => {
  client.destroy();
  await server.stop();
});

describe('quiver gc', () => {
  it('removes planted debris while publishes run, and nothing that is referenced', async () => {
    for (let i = 0; i < 10; i++) await publish('base', `1.0.${i}`, Buffer.from(`base ${i}`));
    // A failed publish: the same version again with other bytes is refused after its bytes were stored.
    const failed = Buffer.from('bytes of a publish that was refused');
    await assert.rejects(
      client.send(
        new PublishPackageVersionCommand({
          ...coords,
          package: 'base',
          packageVersion: '1.0.0',
          assetName: 'a.bin',
          assetContent: failed,
          assetSHA256: sha(failed),
        }),
      ),
      ConflictException,
    );
    const bare = await server.quiver.blobs.put(Buffer.from('bytes no catalog row knows'));
    await plantLeftover();
    const now = Date.now();
    const token = (name: string, createdAt: number) => ({
      accountId: server.credentials.accountId,
      region: 'us-east-1',
      service: 'iot',
      operation: 'CreatePackage',
      clientToken: name.padEnd(36, '0'),
      requestHash: 'h',
      responseJson: '{}',
      createdAt,
    });
    await server.quiver.store.write(async (tx) => {
      await tx.insertIdempotency(token('expired', now - 3 * 86_400_000));
      await tx.insertIdempotency(token('fresh', now));
    });
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past the grace period

    const dry = await runGc();
    assert.equal(dry.applied, false);
    assert.deepEqual(
      [dry.untrackedBlobs, dry.leftoverUploads, dry.expiredTokens].map((t) => [t.found, t.removed]),
      [
        [2, 0],
        [1, 0],
        [1, 0],
      ],
    );
    assert.ok(await server.quiver.blobs.has(sha(failed)), 'a dry run removes nothing');
    assert.equal((await server.quiver.blobs.leftovers()).length, 1);

    // Publishes run throughout; two collectors at once, as on two instances.
    let stop = false;
    const writers = Array.from({ length: 3 }, async (_, w) => {
      for (let i = 0; !stop; i++) await publish(`load-${w}`, `2.0.${i}`, Buffer.from(`load ${w} ${i}`));
    });
    const [first, second] = await Promise.all([runGc('--apply'), runGc('--apply')]);
    stop = true;
    await Promise.all(writers);
    assert.ok(published.length > 20, `publishes ran beside the collectors (${published.length})`);
    assert.equal(first.untrackedBlobs.removed + second.untrackedBlobs.removed, 2, 'each orphan deleted once');
    assert.equal(first.expiredTokens.removed + second.expiredTokens.removed, 1);
    assert.equal(await server.quiver.blobs.has(sha(failed)), false, "the failed publish's bytes are gone");
    assert.equal(await server.quiver.blobs.has(bare.sha256), false, 'the bare put is gone');
    assert.deepEqual(await server.quiver.blobs.leftovers(), [], 'the leftover upload is gone');
    const key = (name: string) => {
      const { requestHash: _h, responseJson: _r, createdAt: _c, ...rest } = token(name, 0);
      return rest;
    };
    assert.equal(await server.quiver.store.read((tx) => tx.getIdempotency(key('expired'))), undefined);
    assert.ok(await server.quiver.store.read((tx) => tx.getIdempotency(key('fresh'))), 'a fresh token stays');

    for (const write of published) {
      const got = await client.send(
        new GetPackageVersionAssetCommand({
          ...coords,
          package: write.pkg,
          packageVersion: write.version,
          asset: 'a.bin',
        }),
      );
      assert.deepEqual(
        Buffer.from(await got.asset!.transformToByteArray()),
        write.content,
        `${write.pkg}@${write.version}`,
      );
    }
    const check = await quiverCli(['check'], env);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /store is consistent/);

    const afterwards = await runGc();
    assert.deepEqual(
      [afterwards.untrackedBlobs.found, afterwards.leftoverUploads.found, afterwards.expiredTokens.found],
      [0, 0, 0],
    );
  });

  it('prints a readable report, and refuses a grace period too short for a publish', async () => {
    const text = await quiverCli(['gc', '--grace', '1h'], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /untracked blobs +\d+ found \(\d+ bytes\)/);
    assert.match(text.stdout, /dry run: nothing was removed/);
    const short = await quiverCli(['gc', '--grace', '0'], env);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /--grace must be at least 1s/);
    const bad = await quiverCli(['gc', '--grace', 'soon'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--grace must be a duration/);
  });
});
