// PyPI on a Quiver repository with the real tools: `aws codeartifact login --tool twine|pip` in a temporary HOME,
// `twine upload` of wheels and sdists, `pip install` / `pip download` (isolated from this machine's mirror),
// PEP 503 normalisation, every status as pip sees it, the AWS API's view of a Python package, and concurrent uploads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  DescribePackageVersionCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionReadmeCommand,
  GetRepositoryEndpointCommand,
  ListPackagesCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import {
  buildSdist,
  buildWheel,
  pypiWorld,
  rawUpload,
  sdistFilename,
  uploadForm,
  wheelFilename,
  type PypiWorld,
} from '../helpers/pypi.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

await requirePrerequisites('aws CLI', 'pip', 'twine');

let server: RunningQuiver;
let client: CodeartifactClient;
let world: PypiWorld;
let endpoint: string;
let index: string;
let token: string;

before(async () => {
  server = await startQuiver({ QUIVER_PYPI_MAX_UPLOAD_MB: '1' });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'py' }));
  await client.send(new CreateRepositoryCommand({ domain: 'py', repository: 'pypi-store' }));
  world = pypiWorld(server.endpoint, server.credentials);
  endpoint = (
    await client.send(new GetRepositoryEndpointCommand({ domain: 'py', repository: 'pypi-store', format: 'pypi' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'py' }))).authorizationToken!;
});
after(async () => {
  client.destroy();
  await server.stop();
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const versionsOf = async (pkg: string) =>
  client.send(new ListPackageVersionsCommand({ domain: 'py', repository: 'pypi-store', format: 'pypi', package: pkg }));
const setStatus = (versions: string[], targetStatus: 'Published' | 'Unlisted' | 'Archived') =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'py',
      repository: 'pypi-store',
      format: 'pypi',
      package: 'demo-pkg-x',
      versions,
      targetStatus,
    }),
  );
/** `pip download` of a requirement into a fresh directory: the files pip chose. */
const download = async (requirement: string) => {
  const dest = world.dir('dl');
  await world.pip(index, 'download', '--no-deps', '--dest', dest, requirement);
  return readdirSync(dest).sort();
};
const basic = (t: string) => `Basic ${Buffer.from(`aws:${t}`).toString('base64')}`;

describe('PyPI with aws codeartifact login, twine and pip', () => {
  it('login --tool twine writes ~/.pypirc; twine uploads wheels and sdists of Demo.Pkg_X; login --tool pip; pip installs demo-pkg-x', async () => {
    await world.login('twine', 'py', 'pypi-store');
    const pypirc = readFileSync(join(world.home, '.pypirc'), 'utf8');
    assert.match(pypirc, /index-servers\s*=[\s\S]*codeartifact/);
    assert.match(pypirc, /^username = aws$/m);
    assert.match(pypirc, new RegExp(`repository = ${endpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(statSync(join(world.home, '.pypirc')).mode & 0o777, 0o600);

    const dist = world.dir('dist');
    const options = {
      summary: 'A demo package',
      license: 'MIT',
      homePage: 'https://example.test/demo',
      requiresPython: '>=3.8',
      requiresDist: ['colorama>=0.4; extra == "color"'],
      description: '# Demo.Pkg_X\n\nThe long description.\n',
    };
    writeFileSync(join(dist, wheelFilename('Demo.Pkg_X', '1.0.0')), buildWheel('Demo.Pkg_X', '1.0.0', options));
    writeFileSync(join(dist, sdistFilename('Demo.Pkg_X', '1.0.0')), await buildSdist('Demo.Pkg_X', '1.0.0', options));
    writeFileSync(join(dist, wheelFilename('Demo.Pkg_X', '1.1.0')), buildWheel('Demo.Pkg_X', '1.1.0', options));
    const output = await world.twine('upload', '--non-interactive', '--repository', 'codeartifact', join(dist, '*'));
    assert.match(output, /demo_pkg_x-1\.1\.0-py3-none-any\.whl/i);

    await world.login('pip', 'py', 'pypi-store');
    index = world.loggedInIndexUrl();
    assert.match(
      index,
      new RegExp(`^http://aws:[^@]+@127\\.0\\.0\\.1:\\d+/py-${server.credentials.accountId}/pypi/pypi-store/simple/$`),
    );

    const target = world.dir('site');
    await world.pip(index, 'install', '--target', target, 'demo-pkg-x');
    assert.match(
      readFileSync(join(target, 'demo_pkg_x/__init__.py'), 'utf8'),
      /"1\.1\.0"/,
      'the newest version installs',
    );
    const pinned = world.dir('site');
    await world.pip(index, 'install', '--target', pinned, 'Demo.Pkg_X==1.0.0');
    assert.match(
      readFileSync(join(pinned, 'demo_pkg_x/__init__.py'), 'utf8'),
      /"1\.0\.0"/,
      'a pin installs that version',
    );
    assert.deepEqual(await download('demo_pkg_x==1.0.0'), ['demo_pkg_x-1.0.0-py3-none-any.whl']);
  });

  it('the AWS API lists demo-pkg-x once, with PEP 440 defaultDisplayVersion, core metadata, readme, dependencies and assets', async () => {
    const packages = await client.send(
      new ListPackagesCommand({ domain: 'py', repository: 'pypi-store', format: 'pypi' }),
    );
    assert.deepEqual(
      packages.packages?.map((p) => [p.format, p.namespace, p.package]),
      [['pypi', undefined, 'demo-pkg-x']],
    );
    for (const spelling of ['Demo.Pkg_X', 'demo-pkg-x', 'DEMO_pkg.x']) {
      const listed = await versionsOf(spelling);
      assert.equal(listed.package, 'demo-pkg-x');
      assert.deepEqual(
        listed.versions?.map((v) => [v.version, v.status]),
        [
          ['1.0.0', 'Published'],
          ['1.1.0', 'Published'],
        ],
      );
      assert.equal(listed.defaultDisplayVersion, '1.1.0');
    }
    const ref = {
      domain: 'py',
      repository: 'pypi-store',
      format: 'pypi' as const,
      package: 'Demo.Pkg_X',
      packageVersion: '1.0.0',
    };
    const described = (await client.send(new DescribePackageVersionCommand(ref))).packageVersion!;
    assert.equal(described.packageName, 'demo-pkg-x');
    assert.equal(described.displayName, 'Demo.Pkg_X');
    assert.equal(described.summary, 'A demo package');
    assert.equal(described.homePage, 'https://example.test/demo');
    assert.deepEqual(described.licenses, [{ name: 'MIT' }]);
    const readme = await client.send(new GetPackageVersionReadmeCommand(ref));
    assert.equal(readme.readme, '# Demo.Pkg_X\n\nThe long description.\n');
    const dependencies = await client.send(new ListPackageVersionDependenciesCommand(ref));
    assert.deepEqual(
      dependencies.dependencies?.map((d) => [d.package, d.versionRequirement]),
      [['colorama', '>=0.4; extra == "color"']],
    );
    const assets = await client.send(new ListPackageVersionAssetsCommand(ref));
    assert.deepEqual(
      assets.assets?.map((a) => a.name),
      ['demo_pkg_x-1.0.0-py3-none-any.whl', 'demo_pkg_x-1.0.0-py3-none-any.whl.metadata', 'demo_pkg_x-1.0.0.tar.gz'],
    );
  });

  it('the simple page: JSON for pip, HTML otherwise, 406, redirects to the normalised name, PEP 658 metadata; 401 with a Basic challenge; registry 404s', async () => {
    const page = `${endpoint}simple/demo-pkg-x/`;
    const json = await fetch(page, {
      headers: { authorization: basic(token), accept: 'application/vnd.pypi.simple.v1+json' },
    });
    assert.equal(json.headers.get('content-type'), 'application/vnd.pypi.simple.v1+json');
    const body = (await json.json()) as {
      name: string;
      versions: string[];
      files: {
        filename: string;
        url: string;
        size: number;
        hashes: { sha256: string };
        'core-metadata': unknown;
        'requires-python'?: string;
      }[];
    };
    assert.equal(body.name, 'demo-pkg-x');
    assert.deepEqual(body.versions, ['1.0.0', '1.1.0']);
    const wheel = body.files.find((f) => f.filename === 'demo_pkg_x-1.0.0-py3-none-any.whl')!;
    assert.equal(wheel['requires-python'], '>=3.8');
    assert.ok(wheel.size > 0);
    const metadata = await fetch(`${wheel.url}.metadata`, { headers: { authorization: basic(token) } });
    const metadataText = await metadata.text();
    assert.match(metadataText, /^Metadata-Version: 2\.1\nName: Demo\.Pkg_X\nVersion: 1\.0\.0/);
    const { createHash } = await import('node:crypto');
    assert.deepEqual(wheel['core-metadata'], { sha256: createHash('sha256').update(metadataText).digest('hex') });
    const sdist = body.files.find((f) => f.filename.endsWith('.tar.gz'))!;
    assert.equal(sdist['core-metadata'], false);

    const html = await fetch(page, { headers: { authorization: basic(token) } });
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(
      await html.text(),
      /<a href="[^"]+demo_pkg_x-1\.0\.0\.tar\.gz#sha256=[0-9a-f]{64}" data-requires-python="&gt;=3\.8">/,
    );
    const refused = await fetch(page, { headers: { authorization: basic(token), accept: 'application/json' } });
    assert.equal(refused.status, 406);
    const redirect = await fetch(`${endpoint}simple/Demo.Pkg_X/`, {
      headers: { authorization: basic(token) },
      redirect: 'manual',
    });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), page);

    const anonymous = await fetch(page);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /Basic realm="quiver"/);
    const unknown = await fetch(`${endpoint}no/such/path`, { headers: { authorization: basic(token) } });
    assert.equal(unknown.status, 404);
    assert.doesNotMatch(await unknown.text(), /Exception|Signature/);
    const missing = await fetch(`${endpoint}simple/no-such-project/`, { headers: { authorization: basic(token) } });
    assert.equal(missing.status, 404);
  });

  it('statuses as pip sees them: Unlisted = yanked (pins install it, ranges skip it), Archived and Disposed absent and 404, Deleted gone', async () => {
    const fileUrl = `${endpoint}simple/demo-pkg-x/1.1.0/demo_pkg_x-1.1.0-py3-none-any.whl`;
    const fetchFile = async () => (await fetch(fileUrl, { headers: { authorization: basic(token) } })).status;

    await setStatus(['1.1.0'], 'Unlisted');
    assert.deepEqual(
      await download('demo-pkg-x'),
      ['demo_pkg_x-1.0.0-py3-none-any.whl'],
      'a range skips a yanked file',
    );
    assert.deepEqual(await download('demo-pkg-x==1.1.0'), ['demo_pkg_x-1.1.0-py3-none-any.whl'], 'a pin installs it');
    assert.equal(await fetchFile(), 200);

    await setStatus(['1.1.0'], 'Archived');
    await assert.rejects(download('demo-pkg-x==1.1.0'), /No matching distribution/);
    assert.equal(await fetchFile(), 404);

    await setStatus(['1.1.0'], 'Published');
    assert.deepEqual(
      await download('demo-pkg-x'),
      ['demo_pkg_x-1.1.0-py3-none-any.whl'],
      'published again: the next request sees it',
    );

    await client.send(
      new DisposePackageVersionsCommand({
        domain: 'py',
        repository: 'pypi-store',
        format: 'pypi',
        package: 'demo-pkg-x',
        versions: ['1.1.0'],
      }),
    );
    assert.deepEqual(await download('demo-pkg-x'), ['demo_pkg_x-1.0.0-py3-none-any.whl']);
    assert.equal(await fetchFile(), 404);

    await client.send(
      new DeletePackageVersionsCommand({
        domain: 'py',
        repository: 'pypi-store',
        format: 'pypi',
        package: 'Demo.Pkg_X',
        versions: ['1.1.0'],
      }),
    );
    assert.deepEqual(
      (await versionsOf('demo-pkg-x')).versions?.map((v) => v.version),
      ['1.0.0'],
    );
    await assert.rejects(download('demo-pkg-x==1.1.0'), /No matching distribution/);
  });

  it('uploads: the same file again is a success, other bytes under its name a 409, and a malformed upload a 4xx naming the problem, with nothing stored', async () => {
    const wheel = buildWheel('checked-pkg', '1.0');
    const name = wheelFilename('checked-pkg', '1.0');
    assert.equal((await rawUpload(endpoint, token, uploadForm('checked-pkg', '1.0', name, wheel))).status, 200);
    assert.equal(
      (await rawUpload(endpoint, token, uploadForm('checked-pkg', '1.0', name, wheel))).status,
      200,
      'identical bytes',
    );
    const other = buildWheel('checked-pkg', '1.0', { summary: 'different' });
    const clash = await rawUpload(endpoint, token, uploadForm('checked-pkg', '1.0', name, other));
    assert.equal(clash.status, 409);
    assert.match(clash.text, /already exists with different content/);

    const rejected: [string, Promise<{ status: number; text: string }>, number, RegExp][] = [
      [
        'wrong digest',
        rawUpload(
          endpoint,
          token,
          uploadForm('bad-pkg', '1.0', wheelFilename('bad-pkg', '1.0'), buildWheel('bad-pkg', '1.0'), {
            sha256_digest: 'a'.repeat(64),
          }),
        ),
        400,
        /sha256_digest/,
      ],
      [
        'not a zip',
        rawUpload(
          endpoint,
          token,
          uploadForm('bad-pkg', '1.0', wheelFilename('bad-pkg', '1.0'), Buffer.from('not a zip')),
        ),
        400,
        /not a valid zip/,
      ],
      [
        'no METADATA',
        rawUpload(
          endpoint,
          token,
          uploadForm(
            'bad-pkg',
            '1.0',
            wheelFilename('bad-pkg', '1.0'),
            (await import('fflate')).zipSync({ 'x/__init__.py': new Uint8Array() }) as unknown as Buffer,
          ),
        ),
        400,
        /no core metadata/,
      ],
      [
        'PEP 508 name',
        rawUpload(
          endpoint,
          token,
          uploadForm('-bad pkg', '1.0', wheelFilename('bad-pkg', '1.0'), buildWheel('bad-pkg', '1.0')),
        ),
        400,
        /PEP 508/,
      ],
      [
        'PEP 440 version',
        rawUpload(
          endpoint,
          token,
          uploadForm('bad-pkg', 'one.two', 'bad_pkg-one.two-py3-none-any.whl', buildWheel('bad-pkg', 'one.two')),
        ),
        400,
        /PEP 440/,
      ],
      [
        'broken multipart',
        rawUpload(endpoint, token, Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated'), {
          'content-type': 'multipart/form-data; boundary=b',
        }),
        400,
        /multipart|no "content"/,
      ],
      [
        'too large',
        rawUpload(endpoint, token, uploadForm('bad-pkg', '1.0', 'bad_pkg-1.0.tar.gz', Buffer.alloc(1024 * 1024 + 10))),
        413,
        /upload limit/,
      ],
      [
        'no token',
        fetch(endpoint, {
          method: 'POST',
          body: uploadForm('bad-pkg', '1.0', 'bad_pkg-1.0.tar.gz', Buffer.alloc(1)),
        }).then(async (r) => ({ status: r.status, text: await r.text() })),
        401,
        /Authentication required/,
      ],
    ];
    for (const [what, response, status, message] of rejected) {
      const { status: got, text } = await response;
      assert.equal(got, status, `${what}: ${text}`);
      assert.match(text, message, what);
    }
    const listed = await client.send(
      new ListPackagesCommand({ domain: 'py', repository: 'pypi-store', format: 'pypi' }),
    );
    assert.deepEqual(
      listed.packages?.map((p) => p.package),
      ['checked-pkg', 'demo-pkg-x'],
      'nothing of bad-pkg was stored',
    );
    const describe = await client.send(
      new DescribePackageVersionCommand({
        domain: 'py',
        repository: 'pypi-store',
        format: 'pypi',
        package: 'checked-pkg',
        packageVersion: '1.0',
      }),
    );
    assert.equal(describe.packageVersion?.summary, undefined, 'the clash changed nothing');
  });

  it('16 concurrent twine uploads of different versions all land', async () => {
    const dirs = Array.from({ length: 16 }, (_, i) => {
      const dir = world.dir('many');
      writeFileSync(join(dir, wheelFilename('many-versions', `1.${i}`)), buildWheel('many-versions', `1.${i}`));
      return dir;
    });
    await Promise.all(
      dirs.map((dir) => world.twine('upload', '--non-interactive', '--repository', 'codeartifact', join(dir, '*'))),
    );
    const listed = await versionsOf('many-versions');
    assert.equal(listed.versions?.length, 16);
    assert.equal(listed.defaultDisplayVersion, '1.15', 'PEP 440 order: 1.15 is above 1.9');
  });
});
