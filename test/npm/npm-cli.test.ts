// npm on a Quiver repository, driven by the real `aws codeartifact login` and the real npm CLI: publish, view,
// install, ci, dist-tag, deprecate, unpublish, scoped login — and every status of SPEC §3 as npm sees it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { npmWorld, type NpmWorld } from '../helpers/npm.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

const _run = promisify(execFile);
let server: RunningQuiver;
let client: CodeartifactClient;
let world: NpmWorld;
let registry: string;

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'web' }));
  await client.send(new CreateRepositoryCommand({ domain: 'web', repository: 'npm-store' }));
  world = npmWorld(server.endpoint, server.credentials);
  await world.login('web', 'npm-store');
  registry = `${server.endpoint}/web-${server.credentials.accountId}/npm/npm-store/`;
});
after(async () => {
  client.destroy();
  await server.stop();
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const setStatus = (pkg: string, versions: string[], targetStatus: 'Published' | 'Unlisted' | 'Archived') =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'web',
      repository: 'npm-store',
      format: 'npm',
      package: pkg,
      versions,
      targetStatus,
    }),
  );

const installedVersion = (dir: string, pkg: string) =>
  JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;

describe('npm with aws codeartifact login', () => {
  it('login configures npm; publish, view and install work', async () => {
    const npmrc = readFileSync(join(world.home, '.npmrc'), 'utf8');
    assert.match(npmrc, new RegExp(`registry=${registry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(npmrc, /:_authToken=/);
    assert.match(
      await world.npmOutput(world.home, 'ping'),
      new RegExp(`PING ${registry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*PONG`),
    );
    await world.npm(world.packageDir('left-pad-q', '1.0.0'), 'publish');
    const view = JSON.parse(await world.npm(world.home, 'view', 'left-pad-q', '--json'));
    assert.equal(view.name, 'left-pad-q');
    assert.equal(view['dist-tags'].latest, '1.0.0');
    assert.match(view.dist.integrity, /^sha512-/);
    const app = world.projectDir('app-install');
    await world.npm(app, 'install', 'left-pad-q');
    assert.equal(installedVersion(app, 'left-pad-q'), '1.0.0');
    // It shows up in the AWS API as an npm package version with its origin.
    const listed = await client.send(
      new ListPackageVersionsCommand({ domain: 'web', repository: 'npm-store', format: 'npm', package: 'left-pad-q' }),
    );
    assert.deepEqual(
      listed.versions?.map((v) => [v.version, v.status, v.origin?.originType]),
      [['1.0.0', 'Published', 'INTERNAL']],
    );
    assert.equal(listed.defaultDisplayVersion, '1.0.0');
  });

  it('every status of SPEC §3, as npm sees it', async () => {
    for (const version of ['1.0.0', '1.1.0', '1.2.0'])
      await world.npm(world.packageDir('status-q', version), 'publish');
    await world.npm(world.packageDir('status-q', '2.0.0-beta.1'), 'publish', '--tag', 'beta');
    // A lockfile pinned to 1.2.0, made while it was Published.
    const pinned = world.projectDir('app-pinned');
    await world.npm(pinned, 'install', 'status-q@1.2.0', '--save-exact');
    assert.equal(installedVersion(pinned, 'status-q'), '1.2.0');

    await setStatus('status-q', ['1.2.0'], 'Unlisted');
    const versions = JSON.parse(await world.npm(world.home, 'view', 'status-q', 'versions', '--json'));
    assert.deepEqual(versions, ['1.0.0', '1.1.0', '2.0.0-beta.1'], 'Unlisted is not listed (the very next request)');
    assert.equal(
      JSON.parse(await world.npm(world.home, 'view', 'status-q', 'dist-tags', '--json')).latest,
      '1.1.0',
      'latest moves off an unlisted version',
    );
    const ranged = world.projectDir('app-range');
    await world.npm(ranged, 'install', 'status-q@^1.0.0');
    assert.equal(installedVersion(ranged, 'status-q'), '1.1.0', 'a range never picks an Unlisted version');
    rmSync(join(pinned, 'node_modules'), { recursive: true, force: true });
    await world.npm(pinned, 'ci');
    assert.equal(
      installedVersion(pinned, 'status-q'),
      '1.2.0',
      'a lockfile pinned to an Unlisted version still installs',
    );

    await setStatus('status-q', ['1.2.0'], 'Archived');
    rmSync(join(pinned, 'node_modules'), { recursive: true, force: true });
    await world.npm(pinned, 'cache', 'clean', '--force');
    await assert.rejects(world.npm(pinned, 'ci'), /404|E404|Not Found/i, 'an Archived version cannot be installed');
    await assert.rejects(
      world.npm(world.projectDir('app-archived'), 'install', 'status-q@1.2.0'),
      /ETARGET|No matching version/i,
    );

    await client.send(
      new DisposePackageVersionsCommand({
        domain: 'web',
        repository: 'npm-store',
        format: 'npm',
        package: 'status-q',
        versions: ['1.1.0'],
      }),
    );
    assert.deepEqual(JSON.parse(await world.npm(world.home, 'view', 'status-q', 'versions', '--json')), [
      '1.0.0',
      '2.0.0-beta.1',
    ]);
    await setStatus('status-q', ['1.2.0'], 'Published');
    assert.deepEqual(JSON.parse(await world.npm(world.home, 'view', 'status-q', 'versions', '--json')), [
      '1.0.0',
      '1.2.0',
      '2.0.0-beta.1',
    ]);
    assert.equal(
      JSON.parse(await world.npm(world.home, 'view', 'status-q', 'dist-tags', '--json')).latest,
      '1.2.0',
      'back to the tag it had',
    );
  });

  it('dist-tag add / ls / rm, deprecate, unpublish and republish', async () => {
    for (const version of ['3.0.0', '3.1.0']) await world.npm(world.packageDir('tags-q', version), 'publish');
    await world.npm(world.home, 'dist-tag', 'add', 'tags-q@3.0.0', 'stable');
    assert.match(await world.npm(world.home, 'dist-tag', 'ls', 'tags-q'), /stable: 3\.0\.0/);
    await world.npm(world.home, 'dist-tag', 'rm', 'tags-q', 'stable');
    assert.doesNotMatch(await world.npm(world.home, 'dist-tag', 'ls', 'tags-q'), /stable/);

    await world.npm(world.home, 'deprecate', 'tags-q@3.0.0', 'use 3.1.0');
    const deprecated = JSON.parse(await world.npm(world.home, 'view', 'tags-q@3.0.0', '--json'));
    assert.equal(deprecated.deprecated, 'use 3.1.0');

    await world.npm(world.home, 'unpublish', 'tags-q@3.1.0');
    assert.deepEqual(JSON.parse(await world.npm(world.home, 'view', 'tags-q', 'versions', '--json')), ['3.0.0']);
    await world.npm(world.packageDir('tags-q', '3.1.0'), 'publish');
    assert.deepEqual(
      JSON.parse(await world.npm(world.home, 'view', 'tags-q', 'versions', '--json')),
      ['3.0.0', '3.1.0'],
      'an unpublished version can be published again',
    );
  });

  it('publishing an existing version is a conflict npm reports', async () => {
    await assert.rejects(world.npm(world.packageDir('left-pad-q', '1.0.0'), 'publish'), /409|Conflict|cannot publish/i);
  });

  it('a scoped package with --namespace login', async () => {
    const scoped = npmWorld(server.endpoint, server.credentials);
    try {
      await scoped.login('web', 'npm-store', 'team');
      assert.match(readFileSync(join(scoped.home, '.npmrc'), 'utf8'), /@team:registry=/);
      await scoped.npm(scoped.packageDir('@team/widget', '0.1.0'), 'publish');
      const view = JSON.parse(await scoped.npm(scoped.home, 'view', '@team/widget', '--json'));
      assert.equal(view.version, '0.1.0');
      const listed = await client.send(
        new ListPackageVersionsCommand({
          domain: 'web',
          repository: 'npm-store',
          format: 'npm',
          namespace: 'team',
          package: 'widget',
        }),
      );
      assert.deepEqual(
        listed.versions?.map((v) => v.version),
        ['0.1.0'],
        'the scope is the namespace, without @',
      );
    } finally {
      rmSync(scoped.home, { recursive: true, force: true });
    }
  });
});

describe('npm endpoint: auth, integrity, names, concurrency', () => {
  const put = (path: string, body: unknown, token?: string) =>
    fetch(`${registry}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const tokenFor = async (domain: string) =>
    (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken!;

  it("no token is 401; a tampered token 401; another domain's token 403; Basic aws:<token> works", async () => {
    const status = async (headers: Record<string, string>) => {
      const response = await fetch(`${registry}left-pad-q`, { headers });
      await response.arrayBuffer();
      return response.status;
    };
    assert.equal(await status({}), 401);
    const token = await tokenFor('web');
    assert.equal(await status({ authorization: `Bearer ${token.slice(0, -2)}xx` }), 401);
    await client.send(new CreateDomainCommand({ domain: 'other' }));
    assert.equal(await status({ authorization: `Bearer ${await tokenFor('other')}` }), 403);
    const basic = Buffer.from(`aws:${token}`).toString('base64');
    const response = await fetch(`${registry}left-pad-q`, { headers: { authorization: `Basic ${basic}` } });
    assert.equal(response.status, 200);
    const etag = response.headers.get('etag')!;
    assert.equal(
      (await fetch(`${registry}left-pad-q`, { headers: { authorization: `Basic ${basic}`, 'if-none-match': etag } }))
        .status,
      304,
    );
  });

  it('a tarball whose integrity does not match is rejected and nothing is stored; bad names are 400s', async () => {
    const token = await tokenFor('web');
    const tarball = Buffer.from('not really a tarball');
    const response = await put(
      'bad-integrity-q',
      {
        name: 'bad-integrity-q',
        versions: { '1.0.0': { name: 'bad-integrity-q', version: '1.0.0', dist: { integrity: 'sha512-AAAA' } } },
        'dist-tags': { latest: '1.0.0' },
        _attachments: { 'bad-integrity-q-1.0.0.tgz': { data: tarball.toString('base64'), length: tarball.length } },
      },
      token,
    );
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /integrity/);
    assert.equal(
      (await fetch(`${registry}bad-integrity-q`, { headers: { authorization: `Bearer ${token}` } })).status,
      404,
    );
    for (const name of ['.hidden', 'a%2Fb', 'x'.repeat(215), '_private']) {
      const bad = await put(encodeURIComponent(name), { name }, token);
      assert.equal(bad.status, 400, name);
      await bad.arrayBuffer();
    }
    // fetch would normalise a `..` segment away before sending it; a raw request sends it as a client could.
    const url = new URL(`${registry}..`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: 'PUT',
          path: `${new URL(registry).pathname}..`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ name: '..' }));
    });
    assert.equal(status, 400, '..');
  });

  it('100 concurrent npm publish calls of one package all land', async () => {
    const versions = Array.from({ length: 100 }, (_, i) => `5.0.${i}`);
    const dirs = versions.map((version) => world.packageDir('busy-q', version));
    // npm 11 will not implicitly tag a lower version `latest` once a higher one exists: publish under a tag.
    await Promise.all(dirs.map((dir) => world.npm(dir, 'publish', '--tag', 'burst')));
    const listed = JSON.parse(await world.npm(world.home, 'view', 'busy-q', 'versions', '--json')) as string[];
    assert.equal(listed.length, 100);
    assert.deepEqual([...listed].sort(), [...versions].sort());
  });
});
