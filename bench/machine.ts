// What a bench run was measured on and how it was started, printed at the top of the output and under each
// section, so the output pastes into bench/RESULTS.md as it is: the machine, the tool versions, the exact
// command (with every BENCH_* variable that was set), and how busy the machine was while the section ran.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import pg from 'pg';
import { ADMIN_URL } from '../test/helpers/postgres.js';

// mvn -v colours its first line.
const ansiColour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const firstLine = (command: string, args: string[]) => {
  let text: string;
  try {
    text = execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (error) {
    // wrk prints its version with its usage and exits 1.
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    text = `${stdout ?? ''}${stderr ?? ''}`;
  }
  return text.replace(ansiColour, '').split('\n')[0]!.trim() || undefined;
};

export const machineLine = () =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}`;

/** The command as typed: the BENCH_* variables that were set, then `npm run bench` and its flags. */
export function commandLine(flags: string[]): string {
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
  return [...env, 'npm run bench', ...(flags.length ? ['--', ...flags] : [])].join(' ');
}

async function postgresVersion(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The tools the sections drive, by version (a missing one is left out). */
export async function toolVersions(): Promise<string> {
  const pgVersion = await postgresVersion();
  return [
    pgVersion && `PostgreSQL ${pgVersion}`,
    firstLine('wrk', ['--version'])?.replace(/ Copyright.*/, ''),
    firstLine('mvn', ['-v']),
    firstLine('cargo', ['--version']),
    firstLine('bundle', ['--version']),
    firstLine('python3', ['-m', 'pip', '--version'])?.replace(/ from .*/, ''),
    firstLine('npm', ['--version']) && `npm ${firstLine('npm', ['--version'])}`,
  ]
    .filter(Boolean)
    .join(', ');
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const clock = (d: Date) => d.toISOString().slice(11, 16);

/** Runs one section and prints, under its tables, when it ran, how long it took, and the load average around it. */
export async function timedSection<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = new Date();
  const loadBefore = load();
  const result = await run();
  const seconds = (Date.now() - started.getTime()) / 1000;
  console.log(
    `\n_Section ${name}: ${clock(started)}–${clock(new Date())} UTC, ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s; load average (1, 5, 15 min) ${loadBefore} before, ${load()} after._`,
  );
  return result;
}
