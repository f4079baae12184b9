// The seed operations through a second real client, boto3 (botocore's serialisers and paginator).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { repoRoot, startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('boto3');

const run = promisify(execFile);
let server: RunningQuiver;
before(async () => {
  server = await startQuiver();
});
after(async () => {
  await server.stop();
});

describe('boto3', () => {
  it('publishes, pages ListPackageVersions with its paginator, and runs UpdatePackageVersionsStatus', async () => {
    const { stdout } = await run('python3', [
      join(repoRoot, 'test/python/codeartifact_seeds.py'),
      server.endpoint,
      server.credentials.accessKeyId,
      server.credentials.secretAccessKey,
    ]);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(
      result.listed,
      Array.from({ length: 12 }, (_, i) => `1.${i}.0`),
    );
    assert.deepEqual(result.updated, { '1.0.0': 'Unlisted', '1.1.0': 'Unlisted' });
    assert.deepEqual(result.conflict, { '1.0.0': 'MISMATCHED_STATUS', '1.2.0': 'SKIPPED' });
    assert.deepEqual(result.unlisted, ['1.0.0', '1.1.0']);
    assert.deepEqual(result.missing, ['ResourceNotFoundException', 404]);
    assert.deepEqual(result.invalid, ['ValidationException', 400]);
  });
});
