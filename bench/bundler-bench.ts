// RubyGems: a cold `bundle install` of a 30-gem Gemfile (each gem built by `gem build`, 20 KB of Ruby) from
// Quiver, against the floor: the very same compact index files and .gem bytes (fetched from Quiver once) served
// from memory by a bare node:http server (static-index.ts). Each run has a fresh BUNDLE_USER_HOME (no compact
// index cache) and a fresh install path, so both sides serve /versions, 30 /info files and 30 gems. Then the
// throughput of /info/<gem> of a gem of BENCH_FORMAT_VERSIONS versions and of /versions, against the floor
// answering the same bytes.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../test/helpers/clients.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { againstFloor, type FloorCase } from './floor-case.js';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));

export interface BundlerBenchResult {
  gems: number;
  install: { quiver: number[]; floor: number[] };
  throughput: FloorCase[];
}

async function startStatic(root: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'static-index.ts')], {
    env: { ...process.env, STATIC_ROOT: root },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the static server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /STATIC (\d+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
  });
  return { child, url: `http://127.0.0.1:${port}/` };
}

async function buildGem(dir: string, name: string): Promise<Buffer> {
  const where = join(dir, 'build', name);
  mkdirSync(join(where, 'lib'), { recursive: true });
  writeFileSync(
    join(where, 'lib', `${name}.rb`),
    `DATA_${name.replace(/-/g, '_')} = ${JSON.stringify('x'.repeat(20_000))}\n`,
  );
  writeFileSync(
    join(where, `${name}.gemspec`),
    `Gem::Specification.new do |s|\n  s.name = "${name}"\n  s.version = "1.0.0"\n  s.summary = "bench"\n  s.authors = ["bench"]\n  s.files = ["lib/${name}.rb"]\nend\n`,
  );
  await run('gem', ['build', `${name}.gemspec`], { cwd: where, env: { ...process.env, HOME: dir } });
  return readFileSync(join(where, `${name}-1.0.0.gem`));
}

/** `versions` versions of one small gem, built by one Ruby process (a `gem build` each would take a minute). */
async function buildVersions(dir: string, name: string, versions: number): Promise<Buffer[]> {
  const where = join(dir, 'build-many');
  mkdirSync(where, { recursive: true });
  const script = [
    "require 'rubygems/package'",
    `${versions}.times do |i|`,
    '  spec = Gem::Specification.new do |s|',
    `    s.name = ${JSON.stringify(name)}`,
    '    s.version = "1.0.#{i}"',
    '    s.summary = "bench"',
    '    s.authors = ["bench"]',
    '    s.files = []',
    '  end',
    '  Gem::Package.build(spec)',
    'end',
  ].join('\n');
  await run('ruby', ['-e', script], { cwd: where, env: { ...process.env, HOME: dir } });
  return Array.from({ length: versions }, (_, i) => readFileSync(join(where, `${name}-1.0.${i}.gem`)));
}

async function bundleInstall(dir: string, source: string, credentials: string | undefined, gems: string[]) {
  const app = mkdtempSync(join(dir, 'app-'));
  writeFileSync(join(app, 'Gemfile'), `source ${JSON.stringify(source)}\n${gems.map((g) => `gem "${g}"\n`).join('')}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: app,
    BUNDLE_USER_HOME: join(app, 'bundle-home'),
    GEM_HOME: join(app, 'gems'),
  };
  delete env.BUNDLE_APP_CONFIG;
  delete env.BUNDLE_PATH;
  if (credentials) await run('bundle', ['config', 'set', '--local', source, credentials], { cwd: app, env });
  await run('bundle', ['config', 'set', '--local', 'path', join(app, 'vendor')], { cwd: app, env });
  const started = process.hrtime.bigint();
  await run('bundle', ['install', '--quiet'], { cwd: app, env, maxBuffer: 16 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(app, { recursive: true, force: true });
  return seconds;
}

export async function benchBundler(
  runs: number,
  seconds: number,
  connections: number,
  versions: number,
): Promise<BundlerBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-ruby-'));
  const server = await spawnQuiver(join(dir, 'data'), {}, { built: true });
  const client = codeartifact(server.endpoint, server.credentials);
  const staticRoot = join(dir, 'static');
  try {
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'ruby-bench' }));
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'bench', durationSeconds: 43200 })))
      .authorizationToken!;
    const endpoint = (
      await client.send(new GetRepositoryEndpointCommand({ domain: 'bench', repository: 'ruby-bench', format: 'ruby' }))
    ).repositoryEndpoint!;
    const authorization = `Bearer ${token}`;
    const gems = Array.from({ length: 30 }, (_, i) => `bench-gem-${i}`);
    const push = async (name: string, gem: Buffer) => {
      const response = await fetch(`${endpoint}api/v1/gems`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(gem),
      });
      if (response.status !== 200) throw new Error(`push of ${name}: ${response.status} ${await response.text()}`);
    };
    for (const name of gems) await push(name, await buildGem(dir, name));
    // The floor serves Quiver's own bytes: the same /versions, /info and .gem files.
    const copy = async (path: string) => {
      const response = await fetch(`${endpoint}${path}`, { headers: { authorization } });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      mkdirSync(join(staticRoot, path, '..'), { recursive: true });
      writeFileSync(join(staticRoot, path), Buffer.from(await response.arrayBuffer()));
    };
    await copy('versions');
    for (const name of gems) {
      await copy(`info/${name}`);
      await copy(`gems/${name}-1.0.0.gem`);
    }
    const floor = await startStatic(staticRoot);
    const install = { quiver: [] as number[], floor: [] as number[] };
    for (let i = 0; i < runs; i++) {
      install.quiver.push(await bundleInstall(dir, endpoint, `aws:${token}`, gems));
      install.floor.push(await bundleInstall(dir, floor.url, undefined, gems));
    }
    await stopProcess(floor.child);
    for (const gem of await buildVersions(dir, 'bench-many', versions)) await push('bench-many', gem);
    const get = (path: string) => ({ url: `${endpoint}${path}`, method: 'GET', headers: { authorization } });
    const pid = server.child.pid!;
    const throughput = [
      await againstFloor(`/info/bench-many, ${versions} versions`, get('info/bench-many'), pid, seconds, connections),
      await againstFloor(`/versions, ${gems.length + 1} gems`, get('versions'), pid, seconds, connections),
    ];
    return { gems: gems.length, install, throughput };
  } finally {
    client.destroy();
    await stopProcess(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs on its own: `node --import tsx bench/bundler-bench.ts` (after `npm run build`). */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchBundler(
    Number(process.env.BENCH_INSTALL_RUNS ?? 3),
    Number(process.env.BENCH_SECONDS ?? 5),
    Number(process.env.BENCH_CONNECTIONS ?? 32),
    Number(process.env.BENCH_FORMAT_VERSIONS ?? 200),
  );
  console.log(JSON.stringify(result));
}
