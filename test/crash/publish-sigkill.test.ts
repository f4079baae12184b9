// SIGKILL while generic versions are published and their statuses updated concurrently: after a restart
// every acknowledged publish is there with its exact bytes, every acknowledged status change holds, no
// version points at missing bytes, and no partial version is visible (`quiver check` agrees).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetPackageVersionAssetCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
  UpdatePackageVersionsStatusCommand,
} from '@aws-sdk/client-codeartifact';
import { burstClient } from '../helpers/clients.js';
import { repoRoot, spawnQuiver, stopProcess, storeEnv, tempDir } from '../helpers/quiver.js';

const run = promisify(execFile);
const dataDir = tempDir('quiver-crash-publish-');
after(() => rmSync(dataDir, { recursive: true, force: true }));

const coords = { domain: 'crash', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };
const bytesOf = (version: string) => Buffer.from(`content of ${version} `.repeat(2000));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('crash safety of publishing', () => {
  it('SIGKILL during concurrent publishes and status updates loses no acknowledged write and leaves no partial version', async () => {
    const first = await spawnQuiver(dataDir);
    const writer = burstClient(first.endpoint, first.credentials, 64);
    await writer.send(new CreateDomainCommand({ domain: 'crash' }));
    await writer.send(new CreateRepositoryCommand({ domain: 'crash', repository: 'repo' }));
    // Versions to flip while the publishing goes on.
    const flips = Array.from({ length: 20 }, (_, i) => `0.0.${i}`);
    for (const version of flips) {
      const content = bytesOf(version);
      await writer.send(
        new PublishPackageVersionCommand({
          ...coords,
          packageVersion: version,
          assetName: 'a.bin',
          assetContent: content,
          assetSHA256: sha256(content),
        }),
      );
    }

    const published: string[] = [];
    const archived: string[] = [];
    let killed = false;
    const killAfter = () => {
      if (!killed && published.length + archived.length >= 60) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    };
    const publishes = Array.from({ length: 300 }, (_, i) => `1.${Math.floor(i / 10)}.${i % 10}`).map(
      async (version) => {
        const content = bytesOf(version);
        try {
          await writer.send(
            new PublishPackageVersionCommand({
              ...coords,
              packageVersion: version,
              assetName: 'a.bin',
              assetContent: content,
              assetSHA256: sha256(content),
            }),
          );
          published.push(version);
          killAfter();
        } catch {
          /* not acknowledged */
        }
      },
    );
    // Status updates get their own connections, so they interleave with the publishes instead of queueing.
    const updater = burstClient(first.endpoint, first.credentials, 64);
    const updates = flips.map(async (version, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      try {
        const result = await updater.send(
          new UpdatePackageVersionsStatusCommand({
            ...coords,
            versions: [version],
            expectedStatus: 'Published',
            targetStatus: 'Archived',
          }),
        );
        if (result.successfulVersions?.[version]) archived.push(version);
        killAfter();
      } catch {
        /* not acknowledged */
      }
    });
    await Promise.all([...publishes, ...updates]);
    writer.destroy();
    updater.destroy();
    assert.ok(archived.length > 0, 'some status changes were acknowledged before the kill');
    assert.ok(killed, 'the server was killed mid-burst');
    if (first.child.exitCode === null && first.child.signalCode === null)
      await new Promise((resolve) => first.child.once('exit', resolve));
    console.log(`acknowledged ${published.length} publishes and ${archived.length} status changes before SIGKILL`);

    const second = await spawnQuiver(dataDir);
    const reader = burstClient(second.endpoint, second.credentials, 64);
    try {
      const statuses = new Map<string, string>();
      let nextToken: string | undefined;
      do {
        const page = await reader.send(new ListPackageVersionsCommand({ ...coords, maxResults: 1000, nextToken }));
        for (const version of page.versions ?? []) statuses.set(version.version!, version.status!);
        nextToken = page.nextToken;
      } while (nextToken);
      for (const version of published) {
        assert.equal(statuses.get(version), 'Published', `acknowledged publish ${version} survived`);
        const asset = await reader.send(
          new GetPackageVersionAssetCommand({ ...coords, packageVersion: version, asset: 'a.bin' }),
        );
        const bytes = Buffer.from(await asset.asset!.transformToByteArray());
        assert.equal(sha256(bytes), sha256(bytesOf(version)), `${version} has its exact bytes`);
      }
      for (const version of archived)
        assert.equal(statuses.get(version), 'Archived', `acknowledged status change of ${version} survived`);
      const { stdout } = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/main.ts'), 'check'], {
        cwd: repoRoot,
        env: { ...process.env, ...(await storeEnv(dataDir)) },
      });
      assert.match(stdout, /store is consistent/);
    } finally {
      reader.destroy();
      await stopProcess(second.child);
    }
  });
});
