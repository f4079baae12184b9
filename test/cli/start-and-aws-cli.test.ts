// `quiver serve` as users run it: what it prints works with the real `aws` CLI, the identity persists
// across restarts (or comes from the environment), the profile file works, SIGTERM shuts down cleanly,
// and `quiver accounts create` makes a second tenant that cannot see the first one's domains.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { repoRoot, spawnQuiver, stopProcess, storeEnv, tempDir, type QuiverProcess } from '../helpers/quiver.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('aws CLI');

const run = promisify(execFile);
const dataDir = tempDir('quiver-cli-');
after(() => rmSync(dataDir, { recursive: true, force: true }));

function awsEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SHARED_CREDENTIALS_FILE;
  return { ...env, ...extra };
}

async function aws(endpoint: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<any> {
  const { stdout } = await run('aws', [...args, '--endpoint-url', endpoint, '--output', 'json'], { env });
  return stdout.trim() ? JSON.parse(stdout) : {};
}

describe('quiver serve with the aws CLI', () => {
  let server: QuiverProcess;

  it('prints the endpoint, account, keys and paste-ready lines, and the printed credentials work', async () => {
    server = await spawnQuiver(dataDir);
    const output = server.output();
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.credentials.accountId, /^\d{12}$/);
    assert.match(server.credentials.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.match(output, new RegExp(`export AWS_ACCESS_KEY_ID=${server.credentials.accessKeyId}`));
    assert.match(output, new RegExp(`aws codeartifact list-domains --endpoint-url ${server.endpoint}`));

    const env = awsEnv({
      AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    });
    assert.deepEqual(await aws(server.endpoint, env, 'codeartifact', 'list-domains'), { domains: [] });
    const created = await aws(server.endpoint, env, 'codeartifact', 'create-domain', '--domain', 'cli-domain');
    assert.equal(
      created.domain.arn,
      `arn:aws:codeartifact:us-east-1:${server.credentials.accountId}:domain/cli-domain`,
    );
    await aws(
      server.endpoint,
      env,
      'codeartifact',
      'create-repository',
      '--domain',
      'cli-domain',
      '--repository',
      'base',
    );
    await aws(
      server.endpoint,
      env,
      'codeartifact',
      'create-repository',
      '--domain',
      'cli-domain',
      '--repository',
      'app',
      '--upstreams',
      'repositoryName=base',
      '--description',
      'from the CLI',
    );
    const described = await aws(
      server.endpoint,
      env,
      'codeartifact',
      'describe-repository',
      '--domain',
      'cli-domain',
      '--repository',
      'app',
    );
    assert.deepEqual(described.repository.upstreams, [{ repositoryName: 'base' }]);
    // The CLI's own paginator walks our tokens: page size 1, every repository once.
    const listed = await aws(
      server.endpoint,
      env,
      'codeartifact',
      'list-repositories-in-domain',
      '--domain',
      'cli-domain',
      '--page-size',
      '1',
    );
    assert.deepEqual(
      listed.repositories.map((r: { name: string }) => r.name),
      ['app', 'base'],
    );
    const endpoint = await aws(
      server.endpoint,
      env,
      'codeartifact',
      'get-repository-endpoint',
      '--domain',
      'cli-domain',
      '--repository',
      'app',
      '--format',
      'npm',
    );
    assert.equal(endpoint.repositoryEndpoint, `${server.endpoint}/cli-domain-${server.credentials.accountId}/npm/app/`);
    const token = await aws(
      server.endpoint,
      env,
      'codeartifact',
      'get-authorization-token',
      '--domain',
      'cli-domain',
      '--duration-seconds',
      '900',
    );
    assert.ok(token.authorizationToken.length > 20);

    await assert.rejects(
      aws(server.endpoint, env, 'codeartifact', 'create-domain', '--domain', 'cli-domain'),
      /ConflictException/,
    );
    await assert.rejects(
      aws(server.endpoint, env, 'codeartifact', 'describe-domain', '--domain', 'Bad_Name'),
      /ValidationException.*Value 'Bad_Name' at 'domain' failed to satisfy constraint/s,
    );
    const wrong = awsEnv({ AWS_ACCESS_KEY_ID: server.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
    await assert.rejects(aws(server.endpoint, wrong, 'codeartifact', 'list-domains'), /InvalidSignatureException/);
  });

  it('writes an aws-credentials profile (mode 600) that the CLI uses as is', async () => {
    const path = join(dataDir, 'aws-credentials');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.match(readFileSync(path, 'utf8'), /^\[quiver\]$/m);
    const env = awsEnv({ AWS_SHARED_CREDENTIALS_FILE: path, AWS_PROFILE: 'quiver' });
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const listed = await aws(server.endpoint, env, 'codeartifact', 'list-domains');
    assert.deepEqual(
      listed.domains.map((d: { name: string }) => d.name),
      ['cli-domain'],
    );
  });

  it('answers /_quiver/health without auth, and shuts down cleanly on SIGTERM', async () => {
    const health = await fetch(`${server.endpoint}/_quiver/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    assert.equal(await stopProcess(server.child, 'SIGTERM'), 0);
  });

  it('keeps the same account and keys across a restart, with the data', async () => {
    const first = server.credentials;
    server = await spawnQuiver(dataDir);
    try {
      assert.deepEqual(server.credentials, first);
      const env = awsEnv({ AWS_ACCESS_KEY_ID: first.accessKeyId, AWS_SECRET_ACCESS_KEY: first.secretAccessKey });
      const listed = await aws(server.endpoint, env, 'codeartifact', 'list-domains');
      assert.deepEqual(
        listed.domains.map((d: { name: string }) => d.name),
        ['cli-domain'],
      );

      // A second account, made with the admin CLI while the server runs, is its own tenant.
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'src/main.ts'), 'accounts', 'create', '--name', 'team-b'],
        { cwd: repoRoot, env: { ...process.env, ...(await storeEnv(dataDir)) } },
      );
      const exported = /export AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/.exec(stdout);
      assert.ok(exported, stdout);
      assert.match(stdout, /team-b/);
      const teamB = awsEnv({ AWS_ACCESS_KEY_ID: exported[1]!, AWS_SECRET_ACCESS_KEY: exported[2]! });
      assert.deepEqual(await aws(server.endpoint, teamB, 'codeartifact', 'list-domains'), { domains: [] });
      await assert.rejects(
        aws(
          server.endpoint,
          teamB,
          'codeartifact',
          'describe-domain',
          '--domain',
          'cli-domain',
          '--domain-owner',
          first.accountId,
        ),
        /AccessDeniedException/,
      );
      await assert.rejects(
        aws(server.endpoint, teamB, 'codeartifact', 'describe-domain', '--domain', 'cli-domain'),
        /ResourceNotFoundException/,
      );
    } finally {
      await stopProcess(server.child);
    }
  });

  it('takes the account and root key from the environment when given', async () => {
    const dir = tempDir('quiver-cli-env-');
    const fixed = {
      QUIVER_ACCOUNT_ID: '123456789012',
      QUIVER_ACCESS_KEY_ID: 'AKIAFIXEDFIXEDFIXED1',
      QUIVER_SECRET_ACCESS_KEY: 'fixed-secret-fixed-secret-fixed-secret-0',
    };
    const fromEnv = await spawnQuiver(dir, fixed);
    try {
      assert.deepEqual(fromEnv.credentials, {
        accountId: fixed.QUIVER_ACCOUNT_ID,
        accessKeyId: fixed.QUIVER_ACCESS_KEY_ID,
        secretAccessKey: fixed.QUIVER_SECRET_ACCESS_KEY,
      });
      const env = awsEnv({
        AWS_ACCESS_KEY_ID: fixed.QUIVER_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: fixed.QUIVER_SECRET_ACCESS_KEY,
      });
      const created = await aws(fromEnv.endpoint, env, 'codeartifact', 'create-domain', '--domain', 'env-domain');
      assert.equal(created.domain.owner, '123456789012');
    } finally {
      await stopProcess(fromEnv.child);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration with a clear message', async () => {
    await assert.rejects(
      run(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/main.ts'), 'serve'], {
        cwd: repoRoot,
        env: { ...process.env, QUIVER_DATA_DIR: dataDir, QUIVER_ACCOUNT_ID: '12345' },
      }),
      (error: { stderr: string; code: number }) =>
        /QUIVER_ACCOUNT_ID must be 12 digits/.test(error.stderr) && error.code === 2,
    );
  });
});
