// The admin CLI (`quiver users|keys|policies|audit …`) run as its own process against a test server's store.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, storeEnv, type TestCredentials } from '../helpers/quiver.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function quiverCli(dataDir: string, args: string[], stdin?: string): Promise<CliResult> {
  const env = { ...process.env, ...(await storeEnv(dataDir)), QUIVER_LOG_LEVEL: 'error' };
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'src/main.ts'), ...args],
      { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

/** Runs the CLI and fails the test on a non-zero exit. */
export async function quiverOk(dataDir: string, args: string[], stdin?: string): Promise<string> {
  const result = await quiverCli(dataDir, args, stdin);
  if (result.code !== 0) throw new Error(`quiver ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** A user with a fresh access key (and, when given, policies attached by name). */
export async function createUser(
  dataDir: string,
  accountId: string,
  name: string,
  policies: Record<string, string> = {},
): Promise<TestCredentials> {
  await quiverOk(dataDir, ['users', 'create', '--name', name, '--account', accountId]);
  const out = await quiverOk(dataDir, ['keys', 'create', '--user', name, '--account', accountId]);
  const match = /AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out);
  if (!match) throw new Error(`no key in: ${out}`);
  for (const [policyName, document] of Object.entries(policies)) {
    await quiverOk(
      dataDir,
      ['policies', 'attach', '--user', name, '--name', policyName, '--file', '-', '--account', accountId],
      document,
    );
  }
  return { accountId, accessKeyId: match[1]!, secretAccessKey: match[2]! };
}
