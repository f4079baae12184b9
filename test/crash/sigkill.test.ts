// SIGKILL in the middle of 200 concurrent CreateRepository calls: after a restart, every repository whose
// creation was acknowledged exists, nothing half-made is visible, and `quiver check` finds the store consistent.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  paginateListRepositoriesInDomain,
} from '@aws-sdk/client-codeartifact';
import { burstClient } from '../helpers/clients.js';
import { repoRoot, spawnQuiver, stopProcess, storeEnv, tempDir } from '../helpers/quiver.js';

const run = promisify(execFile);
const dataDir = tempDir('quiver-crash-');
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('crash safety', () => {
  it('SIGKILL during a burst of 200 concurrent CreateRepository calls loses no acknowledged repository', async () => {
    const first = await spawnQuiver(dataDir);
    const writer = burstClient(first.endpoint, first.credentials, 200);
    await writer.send(new CreateDomainCommand({ domain: 'crash' }));
    await writer.send(new CreateRepositoryCommand({ domain: 'crash', repository: 'base' }));

    const acknowledged: string[] = [];
    let killed = false;
    const attempts = Array.from({ length: 200 }, (_, i) => `repo-${String(i).padStart(3, '0')}`).map(
      async (repository) => {
        try {
          await writer.send(
            new CreateRepositoryCommand({
              domain: 'crash',
              repository,
              description: `made in the burst: ${repository}`,
              upstreams: [{ repositoryName: 'base' }],
              tags: [{ key: 'burst', value: repository }],
            }),
          );
          acknowledged.push(repository);
          if (acknowledged.length === 40 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          // Unacknowledged: the process died before answering. Either outcome is allowed for these.
        }
      },
    );
    await Promise.all(attempts);
    writer.destroy();
    assert.ok(killed, 'the server was killed mid-burst');
    assert.ok(acknowledged.length >= 40 && acknowledged.length < 200, `acknowledged ${acknowledged.length}`);
    if (first.child.exitCode === null && first.child.signalCode === null)
      await new Promise((resolve) => first.child.once('exit', resolve));
    console.log(`acknowledged ${acknowledged.length} of 200 before SIGKILL took effect`);

    const second = await spawnQuiver(dataDir);
    const reader = burstClient(second.endpoint, second.credentials, 200);
    try {
      const present = new Map<string, { description?: string }>();
      for await (const page of paginateListRepositoriesInDomain(
        { client: reader, pageSize: 37 },
        { domain: 'crash' },
      )) {
        for (const repository of page.repositories ?? []) present.set(repository.name!, repository);
      }
      for (const name of acknowledged) {
        assert.ok(present.has(name), `acknowledged ${name} survived`);
      }
      for (const [name, repository] of present) {
        if (name !== 'base')
          assert.equal(repository.description, `made in the burst: ${name}`, 'no half-made repository');
      }
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
