// Starts real Quiver servers for tests: in-process (buildQuiver + listen on a loopback port) or as a
// child process running src/main.ts, each on its own temporary data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config.js';
import { buildQuiver, type Quiver } from '../../src/server.js';
import { createTestDatabase } from './postgres.js';
import { requirePrerequisites } from './prerequisites.js';
import { tempDir } from './temp.js';
import { createTestBucket, S3_KEYS } from './s3.js';

/** QUIVER_TEST_STORE=postgres runs every end-to-end test on this machine's PostgreSQL instead of SQLite. */
export const testStore = process.env.QUIVER_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
/** QUIVER_TEST_BLOBS=s3 keeps every test server's blobs in S3 (moto_server on loopback) instead of files. */
export const testBlobs = process.env.QUIVER_TEST_BLOBS === 's3' ? 's3' : 'files';
await requirePrerequisites(
  ...(testStore === 'postgres' ? (['PostgreSQL'] as const) : []),
  ...(testBlobs === 's3' ? (['moto_server'] as const) : []),
);
const buckets = new Map<string, Record<string, string>>();

const databases = new Map<string, { url: string; drop: () => Promise<void> }>();
let dropRegistered = false;

/** The environment that points Quiver (server or CLI) at a data directory's store. */
export async function storeEnv(dataDir: string): Promise<Record<string, string>> {
  let blobEnv = buckets.get(dataDir) ?? {};
  if (testBlobs === 's3' && !buckets.has(dataDir)) {
    const { endpoint, bucket } = await createTestBucket();
    blobEnv = {
      QUIVER_BLOB_URL: `s3://${bucket}/quiver`,
      QUIVER_S3_ENDPOINT: endpoint,
      QUIVER_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
      QUIVER_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
    };
    buckets.set(dataDir, blobEnv);
  }
  if (testStore === 'sqlite') return { QUIVER_DATA_DIR: dataDir, ...blobEnv };
  let database = databases.get(dataDir);
  if (!database) {
    database = await createTestDatabase();
    databases.set(dataDir, database);
    if (!dropRegistered) {
      dropRegistered = true;
      // Each test file runs in its own process: its databases go when it ends.
      process.once('beforeExit', () => {
        void Promise.all([...databases.values()].map((db) => db.drop().catch(() => undefined)));
      });
    }
  }
  return { QUIVER_DATA_DIR: dataDir, QUIVER_DATABASE_URL: database.url, ...blobEnv };
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface TestCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RunningQuiver {
  endpoint: string;
  dataDir: string;
  credentials: TestCredentials;
  quiver: Quiver;
  stop(): Promise<void>;
}

export { tempDir };

export async function startQuiver(env: Record<string, string> = {}, dataDir = tempDir()): Promise<RunningQuiver> {
  const config: Config = loadConfig({
    ...(await storeEnv(dataDir)),
    QUIVER_PORT: '0',
    QUIVER_LOG_LEVEL: 'error',
    ...env,
  });
  const quiver = await buildQuiver(config);
  const address = await quiver.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    endpoint: address,
    dataDir,
    credentials: { ...quiver.root },
    quiver,
    async stop() {
      await quiver.close();
      if (!env.KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface QuiverProcess {
  child: ChildProcess;
  endpoint: string;
  output: () => string;
  credentials: TestCredentials;
}

/**
 * Runs `quiver serve` as its own process and waits for its banner; the banner is parsed for what it tells users.
 * `built` runs the compiled dist/main.js, as `npm start` does (the bench measures that, without tsx's loader).
 */
export async function spawnQuiver(
  dataDir: string,
  env: Record<string, string> = {},
  options: { built?: boolean; nodeArgs?: string[] } = {},
): Promise<QuiverProcess> {
  const entry = [
    ...(options.nodeArgs ?? []),
    ...(options.built ? [join(repoRoot, 'dist/main.js')] : ['--import', 'tsx', join(repoRoot, 'src/main.ts')]),
  ];
  const child = spawn(process.execPath, [...entry, 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, ...(await storeEnv(dataDir)), QUIVER_PORT: '0', QUIVER_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 30_000;
  while (!/Settings:/.test(output)) {
    if (child.exitCode !== null) throw new Error(`quiver exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`quiver did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const field = (label: string) => new RegExp(`^  ${label} +(\\S+)$`, 'm').exec(output)?.[1] ?? '';
  return {
    child,
    endpoint: field('endpoint'),
    output: () => output,
    credentials: {
      accountId: field('account id'),
      accessKeyId: field('access key id'),
      secretAccessKey: field('secret access key'),
    },
  };
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}
