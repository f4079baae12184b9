// Start-up time and idle memory of an embedded instance (SQLite + files), as a user starting `quiver serve`
// on a fresh data directory sees them: `node dist/main.js serve` from spawn until /_quiver/health answers,
// then the resident set from /proc once it has been idle for a while. Medians of BENCH_STARTUP_RUNS (5).
// Run `npm run build` first: this measures the compiled server, not tsx. To compare builds in one run (they
// alternate, so a busy machine weighs on both alike), copy a build aside and name the directories:
//   node --import tsx bench/startup.ts                  # dist/
//   node --import tsx bench/startup.ts dist-before dist  # before/after, alternating
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const idleMs = Number(process.env.BENCH_STARTUP_IDLE_MS ?? 3000);

interface Run {
  startupMs: number;
  /** CPU the server spent getting there (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  idleRssMb: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** utime + stime of a process from /proc/<pid>/stat, in ms (the kernel counts in USER_HZ, 100 on Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function once(main: string): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-startup-'));
  // Embedded on purpose: no database or blob URL, whatever the caller's environment says.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QUIVER_DATA_DIR: dataDir,
    QUIVER_PORT: '0',
    QUIVER_LOG_LEVEL: 'warn',
  };
  delete env.QUIVER_DATABASE_URL;
  delete env.QUIVER_BLOB_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [main, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Quiver is serving on (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`quiver serve exited with ${code} before its banner`)));
    });
    const health = await fetch(`${endpoint.replace(/\/+$/, '')}/_quiver/health`);
    if (!health.ok) throw new Error(`/_quiver/health answered ${health.status}`);
    await health.arrayBuffer();
    const startupMs = performance.now() - started;
    const cpu = cpuMs(child.pid!);
    await sleep(idleMs);
    return { startupMs, cpuMs: cpu, idleRssMb: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const builds = process.argv.length > 2 ? process.argv.slice(2) : ['dist'];
for (const build of builds) {
  if (!existsSync(join(root, build, 'main.js'))) throw new Error(`${build}/main.js is missing: run \`npm run build\``);
}
const results = new Map<string, Run[]>(builds.map((build) => [build, []]));
for (let i = 0; i < runs; i++) {
  for (const build of builds) results.get(build)!.push(await once(join(root, build, 'main.js')));
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`;
console.log(`machine: ${machine}`);
const cells = (values: number[], unit: string, digits: number) =>
  `${median(values).toFixed(digits)} ${unit} | ${values.map((v) => v.toFixed(digits)).join(', ')}`;
console.log(
  `| build | start-up, spawn → /_quiver/health answers (median of ${runs}) | runs | CPU time to that point | runs | resident memory after ${idleMs / 1000} s idle | runs |`,
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [build, rows] of results) {
  console.log(
    `| ${build} | ${cells(
      rows.map((r) => r.startupMs),
      'ms',
      0,
    )} | ${cells(
      rows.map((r) => r.cpuMs),
      'ms',
      0,
    )} | ${cells(
      rows.map((r) => r.idleRssMb),
      'MB',
      1,
    )} |`,
  );
}
