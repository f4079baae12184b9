// PostgreSQL restarted under load: requests during the outage fail fast with a retryable 5xx (never hang,
// never a partial write), and Quiver recovers by itself once the database is back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { burstClient } from '../helpers/clients.js';
import { privatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { repoRoot, spawnQuiver, stopProcess, storeEnv, tempDir, type QuiverProcess } from '../helpers/quiver.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('PostgreSQL server binaries');

const run = promisify(execFile);
const coords = { domain: 'outage', repository: 'repo', format: 'generic' as const, namespace: 'ns', package: 'pkg' };
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
let database: PrivatePostgres;
let server: QuiverProcess;
let client: CodeartifactClient;
const dataDir = tempDir('quiver-outage-');

before(async () => {
  database = await privatePostgres();
  await database.start();
  server = await spawnQuiver(dataDir, { QUIVER_DATABASE_URL: database.url });
  client = burstClient(server.endpoint, server.credentials, 8);
  await client.send(new CreateDomainCommand({ domain: 'outage' }));
  await client.send(new CreateRepositoryCommand({ domain: 'outage', repository: 'repo' }));
});

after(async () => {
  client.destroy();
  await stopProcess(server.child);
  await database.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PostgreSQL restarted under load', () => {
  it('fails fast with 5xx during the outage, loses no acknowledged write, and recovers without a restart', async () => {
    const acknowledged: string[] = [];
    const outcomes: { status: number; ms: number }[] = [];
    let stop = false;
    let counter = 0;
    const worker = async () => {
      while (!stop) {
        const version = `1.0.${counter++}`;
        const content = Buffer.from(`during the outage? ${version}`);
        const started = Date.now();
        try {
          await client.send(
            new PublishPackageVersionCommand({
              ...coords,
              packageVersion: version,
              assetName: 'a',
              assetContent: content,
              assetSHA256: sha(content),
            }),
          );
          acknowledged.push(version);
          outcomes.push({ status: 200, ms: Date.now() - started });
        } catch (error) {
          outcomes.push({
            status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0,
            ms: Date.now() - started,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const workers = [worker(), worker(), worker()];
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await database.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stop = true;
    await Promise.all(workers);

    assert.equal(
      server.child.exitCode,
      null,
      `Quiver kept running through the outage:\n${server.output().slice(-2000)}`,
    );
    const failures = outcomes.filter((o) => o.status !== 200);
    assert.ok(failures.length > 0, 'some requests met the outage');
    assert.ok(
      failures.every((o) => o.status >= 500 && o.status < 600),
      `outage answers are 5xx: ${[...new Set(failures.map((o) => o.status))].join(', ')}`,
    );
    assert.ok(
      outcomes.every((o) => o.ms < 12_000),
      `no request hung (slowest ${Math.max(...outcomes.map((o) => o.ms))} ms)`,
    );
    const lastSuccess = outcomes.map((o) => o.status).lastIndexOf(200);
    assert.ok(lastSuccess > outcomes.findIndex((o) => o.status !== 200), 'requests succeed again after the restart');

    const listed = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListPackageVersionsCommand({ ...coords, maxResults: 1000, nextToken }));
      for (const v of page.versions ?? []) listed.add(v.version!);
      nextToken = page.nextToken;
    } while (nextToken);
    for (const version of acknowledged) assert.ok(listed.has(version), `acknowledged ${version} is there`);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/main.ts'), 'check'], {
      cwd: repoRoot,
      env: { ...process.env, ...(await storeEnv(dataDir)), QUIVER_DATABASE_URL: database.url },
    });
    assert.match(stdout, /store is consistent/);
    console.log(`${acknowledged.length} publishes acknowledged, ${failures.length} refused during the outage`);
  });
});
