// PyPI: a cold `pip install` of a 50-wheel set from Quiver against the same wheels served as a static PEP 503
// tree by a bare node:http server (the floor of a static registry), and the project page of a 1,000-version
// project (PEP 691 JSON, as pip asks) against the floor answering the same bytes.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { buildWheel, rawUpload, uploadForm, wheelFilename } from '../test/helpers/pypi.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import type { LoadResult } from './load.js';
import { runWrk } from './wrk.js';
import { startFloor } from './peers.js';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const JSON_ACCEPT = 'application/vnd.pypi.simple.v1+json';

export interface PypiBenchResult {
  wheels: number;
  install: { quiver: number[]; floor: number[] };
  page: { versions: number; bytes: number; quiver: LoadResult; floor: LoadResult };
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
  return { child, url: `http://127.0.0.1:${port}/simple/` };
}

async function pipInstall(index: string, projects: string[]): Promise<number> {
  const target = mkdtempSync(join(tmpdir(), 'quiver-bench-pip-'));
  const started = process.hrtime.bigint();
  await run(
    'python3',
    [
      '-m',
      'pip',
      '--isolated',
      'install',
      '--no-cache-dir',
      '--no-deps',
      '--target',
      target,
      '--index-url',
      index,
      ...projects,
    ],
    { env: { ...process.env, PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1' }, maxBuffer: 16 << 20 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(target, { recursive: true, force: true });
  return seconds;
}

export async function benchPypi(seconds: number, connections: number, runs: number): Promise<PypiBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-pypi-'));
  const server = await spawnQuiver(join(dir, 'data'), {}, { built: true });
  const client = codeartifact(server.endpoint, server.credentials);
  const staticRoot = join(dir, 'static');
  try {
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'pypi-bench' }));
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'bench', durationSeconds: 43200 })))
      .authorizationToken!;
    const endpoint = (
      await client.send(new GetRepositoryEndpointCommand({ domain: 'bench', repository: 'pypi-bench', format: 'pypi' }))
    ).repositoryEndpoint!;
    const upload = async (name: string, version: string, bytes: Buffer) => {
      const response = await rawUpload(endpoint, token, uploadForm(name, version, wheelFilename(name, version), bytes));
      if (response.status !== 200) throw new Error(`upload of ${name} ${version}: ${response.status} ${response.text}`);
    };

    // The 50-wheel set, in Quiver and as a static tree with the same bytes.
    const projects = Array.from({ length: 50 }, (_, i) => `bench-dep-${i}`);
    for (const name of projects) {
      const wheel = buildWheel(name, '1.0.0', { module: `DATA = ${JSON.stringify('x'.repeat(20_000))}\n` });
      await upload(name, '1.0.0', wheel);
      const file = wheelFilename(name, '1.0.0');
      mkdirSync(join(staticRoot, 'simple', name), { recursive: true });
      writeFileSync(join(staticRoot, 'simple', name, file), wheel);
      const sha = createHash('sha256').update(wheel).digest('hex');
      writeFileSync(
        join(staticRoot, 'simple', name, 'index.html'),
        `<!DOCTYPE html><html><body><a href="${file}#sha256=${sha}">${file}</a></body></html>`,
      );
    }
    const floorIndex = await startStatic(staticRoot);
    const quiverIndex = `${endpoint.replace('://', `://aws:${token}@`)}simple/`;
    const install = { quiver: [] as number[], floor: [] as number[] };
    for (let i = 0; i < runs; i++) {
      install.quiver.push(await pipInstall(quiverIndex, projects));
      install.floor.push(await pipInstall(floorIndex.url, projects));
    }
    await stopProcess(floorIndex.child);

    // One project of 1,000 versions.
    const versions = 1000;
    for (let i = 0; i < versions; i++) await upload('big-project', `1.${i}`, buildWheel('big-project', `1.${i}`));
    const pageUrl = `${endpoint}simple/big-project/`;
    const headers = { authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`, accept: JSON_ACCEPT };
    const body = Buffer.from(await (await fetch(pageUrl, { headers })).arrayBuffer());
    const quiver = await runWrk({ url: pageUrl, method: 'GET', headers }, connections, seconds, {
      pid: server.child.pid!,
    });
    const floor = await startFloor(body, JSON_ACCEPT);
    const floorLoad = await runWrk({ url: `${floor.endpoint}/`, method: 'GET', headers }, connections, seconds, {
      pid: floor.child.pid!,
    });
    await floor.stop();
    return { wheels: projects.length, install, page: { versions, bytes: body.length, quiver, floor: floorLoad } };
  } finally {
    client.destroy();
    await stopProcess(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
