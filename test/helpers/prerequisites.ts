// What a test file needs from this machine besides Node and npm ci, checked before its first test. A missing one
// ends the file with one line naming it (and how to get it), never a stack trace from deep inside a test, and
// never a skip: under CI=true or not, a test that cannot run has not passed. README.md "Tests" lists them by tier.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import pg from 'pg';
import { MAVEN_PLUGINS } from './maven.js';
import { ADMIN_URL } from './postgres.js';
import { POSTGRES_BIN } from './private-postgres.js';

export type Prerequisite =
  | 'aws CLI'
  | 'boto3'
  | 'npm'
  | 'pip'
  | 'twine'
  | 'mvn'
  | 'gem'
  | 'bundle'
  | 'nuget'
  | 'PostgreSQL'
  | 'PostgreSQL server binaries'
  | 'moto_server'
  | 'Chromium';

/** Debian's Chromium, which the web catalog's tests drive through playwright-core. */
export const CHROMIUM = process.env.QUIVER_TEST_CHROMIUM ?? '/usr/bin/chromium';

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const checks: Record<Prerequisite, { present: () => boolean | Promise<boolean>; hint: string }> = {
  'aws CLI': { present: () => onPath('aws'), hint: '`aws` on PATH (AWS CLI v2)' },
  boto3: {
    present: () => spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0,
    hint: '`python3 -c "import boto3"` must work (pip install boto3)',
  },
  npm: { present: () => onPath('npm'), hint: '`npm` on PATH' },
  pip: {
    present: () => spawnSync('python3', ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0,
    hint: '`python3 -m pip` must work',
  },
  twine: { present: () => onPath('twine'), hint: '`twine` on PATH (Debian package twine)' },
  mvn: {
    // Offline, Maven resolves its plugins only from ~/.m2: the versions the test POMs pin must be there.
    present: () =>
      onPath('mvn') &&
      MAVEN_PLUGINS.every(([artifactId, version]) =>
        existsSync(join(homedir(), '.m2/repository/org/apache/maven/plugins', artifactId, version)),
      ),
    hint: '`mvn` on PATH (Debian package maven) and, in ~/.m2/repository, the plugin versions test/helpers/maven.ts pins',
  },
  gem: { present: () => onPath('gem'), hint: '`gem` on PATH (Debian package ruby)' },
  bundle: { present: () => onPath('bundle'), hint: '`bundle` on PATH (Debian package ruby-bundler)' },
  nuget: {
    present: () => onPath('nuget') && onPath('mono'),
    hint: '`nuget` on PATH (Debian package nuget, with mono)',
  },
  PostgreSQL: {
    present: postgresAnswers,
    hint: `a PostgreSQL server answering at ${ADMIN_URL.replace(/\/\/[^@/]*@/, '//')} with trust auth (QUIVER_TEST_PG_ADMIN_URL overrides)`,
  },
  'PostgreSQL server binaries': {
    present: () => existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'pg_ctl')),
    hint: `initdb and pg_ctl in ${POSTGRES_BIN} (Debian package postgresql-15)`,
  },
  Chromium: {
    present: () => existsSync(CHROMIUM),
    hint: `Chromium at ${CHROMIUM} (apt-get install chromium; QUIVER_TEST_CHROMIUM names another)`,
  },
  moto_server: {
    present: () => process.env.QUIVER_TEST_S3_ENDPOINT !== undefined || onPath('moto_server'),
    hint: '`moto_server` on PATH (pip install "moto[server]"), or QUIVER_TEST_S3_ENDPOINT set to a running one',
  },
};

/** Ends this test process with one line if any of `needed` is missing on this machine. */
export async function requirePrerequisites(...needed: Prerequisite[]): Promise<void> {
  const missing: string[] = [];
  for (const name of needed) {
    if (!(await checks[name].present())) missing.push(`${name} — ${checks[name].hint}`);
  }
  if (missing.length === 0) return;
  const file = process.argv[1] ? relative(process.cwd(), process.argv[1]) : 'this test file';
  process.stderr.write(`Missing prerequisite for ${file}: ${missing.join('; ')}. See README.md, "Tests".\n`);
  process.exit(1);
}
