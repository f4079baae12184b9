// Maven: a cold dependency resolution of 50 artifacts by real mvn (an empty project's `mvn compile`, fresh local
// repository each run) from Quiver against the same files served as a static maven2 tree by a bare node:http
// server (the floor of a static registry). The artifacts are written with the PUT sequence mvn deploy sends
// (test/helpers/maven.ts's world keeps ~/.m2 untouched: plugins are copied from it into the temporary repository).
// Then the throughput of maven-metadata.xml (rendered from the catalog) of an artifact of BENCH_FORMAT_VERSIONS
// versions against the floor answering the same bytes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { strToU8, zipSync } from 'fflate';
import { codeartifact } from '../test/helpers/clients.js';
import { mavenWorld } from '../test/helpers/maven.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { againstFloor, type FloorCase } from './floor-case.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const GROUP = 'bench.maven.dep';
const VERSION = '1.0.0';

export interface MavenBenchResult {
  artifacts: number;
  resolve: { quiver: number[]; floor: number[] };
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

const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

/** The files of one release as mvn deploy writes them, in its order: pom, jar, then the artifact metadata. */
function artifactFiles(artifactId: string): [string, Buffer][] {
  const dir = `${GROUP.replace(/\./g, '/')}/${artifactId}`;
  const pom = Buffer.from(
    `<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>` +
      `<groupId>${GROUP}</groupId><artifactId>${artifactId}</artifactId><version>${VERSION}</version></project>`,
  );
  // A real (small) jar, so the bytes are what a compiler would be handed: a manifest and ~20 KB of data.
  const jar = Buffer.from(
    zipSync({
      'META-INF/MANIFEST.MF': strToU8('Manifest-Version: 1.0\r\nCreated-By: quiver-bench\r\n\r\n'),
      [`bench/${artifactId.replace(/-/g, '_')}/data.txt`]: strToU8('x'.repeat(20_000)),
    }),
  );
  const metadata = Buffer.from(
    `<?xml version="1.0"?><metadata><groupId>${GROUP}</groupId><artifactId>${artifactId}</artifactId><versioning>` +
      `<latest>${VERSION}</latest><release>${VERSION}</release><versions><version>${VERSION}</version></versions>` +
      '<lastUpdated>20261201000000</lastUpdated></versioning></metadata>',
  );
  const files: [string, Buffer][] = [];
  for (const [path, bytes] of [
    [`${dir}/${VERSION}/${artifactId}-${VERSION}.pom`, pom],
    [`${dir}/${VERSION}/${artifactId}-${VERSION}.jar`, jar],
    [`${dir}/maven-metadata.xml`, metadata],
  ] as const) {
    files.push([path, bytes], [`${path}.sha1`, Buffer.from(sha1(bytes))]);
  }
  return files;
}

/** `versions` releases of one artifact (pom and a small jar each), published by one maven-metadata.xml listing them. */
async function publishMany(endpoint: string, authorization: string, artifactId: string, versions: number) {
  const dir = `${GROUP.replace(/\./g, '/')}/${artifactId}`;
  const put = async (path: string, bytes: Buffer) => {
    const response = await fetch(`${endpoint}${path}`, {
      method: 'PUT',
      headers: { authorization },
      body: new Uint8Array(bytes),
    });
    if (response.status !== 201) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
  };
  const names = Array.from({ length: versions }, (_, i) => `1.0.${i}`);
  for (const version of names) {
    const pom = `<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>${GROUP}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></project>`;
    await put(`${dir}/${version}/${artifactId}-${version}.pom`, Buffer.from(pom));
    await put(
      `${dir}/${version}/${artifactId}-${version}.jar`,
      Buffer.from(zipSync({ 'META-INF/MANIFEST.MF': strToU8('Manifest-Version: 1.0\r\n\r\n') })),
    );
  }
  await put(
    `${dir}/maven-metadata.xml`,
    Buffer.from(
      `<?xml version="1.0"?><metadata><groupId>${GROUP}</groupId><artifactId>${artifactId}</artifactId><versioning>` +
        `<latest>${names.at(-1)}</latest><release>${names.at(-1)}</release><versions>${names.map((v) => `<version>${v}</version>`).join('')}</versions>` +
        '<lastUpdated>20261201000000</lastUpdated></versioning></metadata>',
    ),
  );
  return `${dir}/maven-metadata.xml`;
}

export async function benchMaven(
  runs: number,
  seconds: number,
  connections: number,
  versions: number,
): Promise<MavenBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-maven-'));
  const server = await spawnQuiver(join(dir, 'data'), {}, { built: true });
  const client = codeartifact(server.endpoint, server.credentials);
  const staticRoot = join(dir, 'static');
  try {
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'maven-bench' }));
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'bench', durationSeconds: 43200 })))
      .authorizationToken!;
    const endpoint = (
      await client.send(
        new GetRepositoryEndpointCommand({ domain: 'bench', repository: 'maven-bench', format: 'maven' }),
      )
    ).repositoryEndpoint!;
    const authorization = `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`;

    // The 50 artifacts, in Quiver over HTTP PUTs and as a static tree with the same bytes.
    const artifacts = Array.from({ length: 50 }, (_, i) => `bench-dep-${i}`);
    for (const artifactId of artifacts) {
      for (const [path, bytes] of artifactFiles(artifactId)) {
        const response = await fetch(`${endpoint}${path}`, {
          method: 'PUT',
          headers: { authorization },
          body: new Uint8Array(bytes),
        });
        if (response.status !== 201) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
        mkdirSync(join(staticRoot, path, '..'), { recursive: true });
        writeFileSync(join(staticRoot, path), bytes);
      }
    }
    const floor = await startStatic(staticRoot);
    const consumer = {
      groupId: 'bench.maven',
      artifactId: 'consumer',
      version: '1.0.0',
      sources: {},
      dependencies: artifacts.map((artifactId) => ({ groupId: GROUP, artifactId, version: VERSION })),
    };
    // Cold each time: a fresh settings.xml and local repository per run (only plugins come from ~/.m2).
    const resolve = async (repositoryUrl: string): Promise<number> => {
      const world = mavenWorld(token);
      try {
        const project = world.project(consumer, repositoryUrl);
        const started = process.hrtime.bigint();
        await world.mvn(project, '-q', 'compile');
        return Number(process.hrtime.bigint() - started) / 1e9;
      } finally {
        world.remove();
      }
    };
    const resolved = { quiver: [] as number[], floor: [] as number[] };
    try {
      for (let i = 0; i < runs; i++) {
        resolved.quiver.push(await resolve(endpoint));
        resolved.floor.push(await resolve(floor.url));
      }
    } finally {
      await stopProcess(floor.child);
    }
    const metadata = await publishMany(endpoint, authorization, 'bench-many', versions);
    const throughput = [
      await againstFloor(
        `maven-metadata.xml, ${versions} versions`,
        { url: `${endpoint}${metadata}`, method: 'GET', headers: { authorization } },
        server.child.pid!,
        seconds,
        connections,
      ),
    ];
    return { artifacts: artifacts.length, resolve: resolved, throughput };
  } finally {
    client.destroy();
    await stopProcess(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
