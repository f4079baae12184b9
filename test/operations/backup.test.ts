// `quiver backup` taken while writers publish (and dispose), restored with `quiver restore` into an empty data
// directory: `quiver check` calls the restored catalog consistent, and every publish acknowledged before the
// backup began is there with its bytes. The embedded store in both configurations (blobs in files or S3).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DisposePackageVersionsCommand,
  GetPackageVersionAssetCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import { burstClient } from '../helpers/clients.js';
import { quiverCli } from '../helpers/cli.js';
import { spawnQuiver, stopProcess, storeEnv, tempDir, testStore } from '../helpers/quiver.js';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const dir = (prefix: string) => {
  const made = tempDir(prefix);
  dirs.push(made);
  return made;
};
/** The embedded store even when the suite runs on PostgreSQL: backup is for SQLite; blobs follow the suite. */
const embedded = async (dataDir: string) => ({ ...(await storeEnv(dataDir)), QUIVER_DATABASE_URL: '' });
const coords = { domain: 'bk', repository: 'repo', format: 'generic' as const, namespace: 'ops' };

describe('backup and restore', () => {
  it('a backup taken during a write load restores to a consistent catalog with every earlier write', async () => {
    const source = dir('quiver-backup-src-');
    const env = await embedded(source);
    const server = await spawnQuiver(source, env);
    const client = burstClient(server.endpoint, server.credentials, 16);
    await client.send(new CreateDomainCommand({ domain: 'bk' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bk', repository: 'repo' }));

    let backupStarted = 0;
    let stop = false;
    const acknowledged: { pkg: string; version: string; content: Buffer; at: number }[] = [];
    const publish = async (pkg: string, version: string, content: Buffer) => {
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
    };
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const content = Buffer.from(`writer ${w} version ${i} `.repeat(50 + i));
        await publish(`pkg-${w}`, `1.0.${i}`, content);
        acknowledged.push({ pkg: `pkg-${w}`, version: `1.0.${i}`, content, at: Date.now() });
      }
    });
    // A churning writer: each version is disposed (its bytes deleted) soon after it was published.
    const churn = (async () => {
      for (let i = 0; !stop; i++) {
        await publish('churn', `0.0.${i}`, Buffer.from(`churn ${i} `.repeat(100)));
        await new Promise((resolve) => setTimeout(resolve, 30));
        await client.send(new DisposePackageVersionsCommand({ ...coords, package: 'churn', versions: [`0.0.${i}`] }));
      }
    })();
    try {
      while (acknowledged.length < 60) await new Promise((resolve) => setTimeout(resolve, 20));
      const target = join(dir('quiver-backup-'), 'snapshot');
      backupStarted = Date.now();
      const before = acknowledged.filter((write) => write.at < backupStarted);
      const taken = await quiverCli(['backup', target], env);
      const during = acknowledged.filter((write) => write.at >= backupStarted).length;
      stop = true;
      await Promise.all([...writers, churn]);
      assert.equal(taken.code, 0, taken.stderr);
      assert.match(taken.stdout, /backed up the catalog as of .* and \d+ blobs/);
      assert.match(taken.stderr, /backup: \d+ blobs/, 'progress on stderr');
      assert.ok(during > 0, 'writes went on while the backup ran');
      console.log(`${before.length} writes before the backup, ${during} during it; ${taken.stderr.trim()}`);

      const restoredDir = dir('quiver-restored-');
      const restoredEnv = await embedded(restoredDir);
      const restored = await quiverCli(['restore', target], restoredEnv);
      assert.equal(restored.code, 0, restored.stderr);
      assert.match(restored.stdout, /store is consistent/);
      const check = await quiverCli(['check'], restoredEnv);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.match(check.stdout, /store is consistent/);

      const again = await spawnQuiver(restoredDir, restoredEnv);
      const reader = burstClient(again.endpoint, again.credentials, 16);
      try {
        assert.equal(again.credentials.accessKeyId, server.credentials.accessKeyId, 'the same root identity');
        for (const write of before) {
          const got = await reader.send(
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
      } finally {
        reader.destroy();
        await stopProcess(again.child);
      }

      const refused = await quiverCli(['restore', target], restoredEnv);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /restore needs an empty data directory/);
    } finally {
      stop = true;
      client.destroy();
      await stopProcess(server.child);
    }
  });

  it('on PostgreSQL, backup points at pg_dump instead', async () => {
    const dataDir = dir('quiver-backup-pg-');
    const env = testStore === 'postgres' ? await storeEnv(dataDir) : { QUIVER_DATABASE_URL: 'postgres://127.0.0.1/x' };
    const result = await quiverCli(['backup', join(dataDir, 'out')], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /embedded SQLite store; with QUIVER_DATABASE_URL use pg_dump/);
  });
});
