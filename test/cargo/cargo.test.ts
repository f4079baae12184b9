// Cargo end to end with the real cargo (1.74+) in a temporary CARGO_HOME, offline from crates.io: the sparse
// index's auth handshake (401, then the bare token), `cargo publish` and a dependent crate that builds and runs,
// what the AWS API shows of a crate (through @aws-sdk/client-codeartifact), yank as Unlisted with a Cargo.lock
// that keeps building, archived versions that no longer resolve, 16 concurrent publishes, and bad publish
// requests refused with cargo's error shape and nothing stored. Protocol: cargo's registry-index.md and
// registry-web-api.md (formats.md §4).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CopyPackageVersionsCommand,
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
import {
  buildCrateFile,
  type CargoHome,
  cargoHome,
  publishFrame,
  publishMetadata,
  writeCrate,
} from '../helpers/cargo.js';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let quiver: RunningQuiver;
let client: CodeartifactClient;
let indexUrl: string;
let token: string;
let home: CargoHome;
const DOMAIN = 'rust';
const REPO = 'crates';

before(async () => {
  quiver = await startQuiver();
  client = codeartifact(quiver.endpoint, quiver.credentials);
  await client.send(new CreateDomainCommand({ domain: DOMAIN }));
  await client.send(new CreateRepositoryCommand({ domain: DOMAIN, repository: REPO }));
  indexUrl = (
    await client.send(new GetRepositoryEndpointCommand({ domain: DOMAIN, repository: REPO, format: 'cargo' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: DOMAIN }))).authorizationToken!;
  home = cargoHome(indexUrl, token);
});
after(async () => {
  client.destroy();
  await quiver.stop();
  rmSync(home.home, { recursive: true, force: true });
});

const bare = () => ({ authorization: token });
const versionsOf = async (pkg: string) =>
  Object.fromEntries(
    (
      await client.send(
        new ListPackageVersionsCommand({ domain: DOMAIN, repository: REPO, format: 'cargo', package: pkg }),
      )
    ).versions!.map((v) => [v.version!, v.status!]),
  );
const setStatus = (pkg: string, versions: string[], targetStatus: 'Archived' | 'Published' | 'Unlisted') =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: DOMAIN,
      repository: REPO,
      format: 'cargo',
      package: pkg,
      versions,
      targetStatus,
    }),
  );
const indexLines = async (path: string) => {
  const response = await fetch(`${indexUrl}${path}`, { headers: bare() });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
};
const put = (body: Buffer) =>
  fetch(`${indexUrl}api/v1/crates/new`, { method: 'PUT', headers: bare(), body: new Uint8Array(body) });

/** A binary crate that depends on `deps` from quiver and prints what they return. */
function consumer(deps: string[], main: string): string {
  return writeCrate('app', '0.1.0', { bin: true, dependencies: deps, source: main });
}

async function publish(dir: string) {
  const result = await home.cargo(['publish', '--registry', 'quiver'], dir);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

describe('cargo against a Quiver cargo endpoint', () => {
  it('config.json answers 401 with cargo’s error shape until the bare token comes, then names dl and api', async () => {
    const anonymous = await fetch(`${indexUrl}config.json`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /Cargo/);
    assert.match((await anonymous.json()).errors[0].detail, /Authentication required/);
    for (const authorization of [token, `Bearer ${token}`, `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`]) {
      const config = await fetch(`${indexUrl}config.json`, { headers: { authorization } });
      assert.equal(config.status, 200);
      assert.deepEqual(await config.json(), {
        dl: `${indexUrl}api/v1/crates/{crate}/{version}/download`,
        api: indexUrl.replace(/\/$/, ''),
        'auth-required': true,
      });
    }
  });

  it('cargo publish, then a crate depending on it builds and runs; the AWS API describes it from its manifest', async () => {
    const greet = writeCrate('greet', '0.1.0', {
      description: 'Says hello',
      license: 'MIT OR Apache-2.0',
      repository: 'https://example.com/greet.git',
      homepage: 'https://example.com/greet',
      readme: '# greet\n\nSays hello.\n',
      source: 'pub fn hello() -> &\'static str { "hello from greet 0.1.0" }\n',
    });
    const published = await publish(greet);
    assert.match(published.stderr, /Published greet v0\.1\.0/);

    const app = consumer(
      ['greet = { version = "0.1", registry = "quiver" }'],
      'fn main() { println!("{}", greet::hello()); }\n',
    );
    const ran = await home.cargo(['run', '-q'], app);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.trim(), 'hello from greet 0.1.0');
    assert.match(
      readFileSync(join(app, 'Cargo.lock'), 'utf8'),
      /name = "greet"\nversion = "0\.1\.0"\nsource = "sparse\+/,
    );

    const [line] = await indexLines('gr/ee/greet');
    assert.equal(line.name, 'greet');
    assert.equal(line.vers, '0.1.0');
    assert.equal(line.yanked, false);
    assert.deepEqual(line.deps, []);
    const version = (
      await client.send(
        new DescribePackageVersionCommand({
          domain: DOMAIN,
          repository: REPO,
          format: 'cargo',
          package: 'greet',
          packageVersion: '0.1.0',
        }),
      )
    ).packageVersion!;
    assert.equal(version.status, 'Published');
    assert.equal(version.summary, 'Says hello');
    assert.equal(version.homePage, 'https://example.com/greet');
    assert.equal(version.sourceCodeRepository, 'https://example.com/greet.git');
    assert.deepEqual(version.licenses, [{ name: 'MIT OR Apache-2.0' }]);
    const readme = await client.send(
      new GetPackageVersionReadmeCommand({
        domain: DOMAIN,
        repository: REPO,
        format: 'cargo',
        package: 'greet',
        packageVersion: '0.1.0',
      }),
    );
    assert.equal(readme.readme, '# greet\n\nSays hello.\n');
    const assets = await client.send(
      new ListPackageVersionAssetsCommand({
        domain: DOMAIN,
        repository: REPO,
        format: 'cargo',
        package: 'greet',
        packageVersion: '0.1.0',
      }),
    );
    assert.deepEqual(
      assets.assets!.map((a) => [a.name, a.hashes!['SHA-256']]),
      [['greet-0.1.0.crate', line.cksum]],
    );
  });

  it('the CodeArtifact guide’s configuration works: cargo:token-from-stdout running aws codeartifact get-authorization-token', async () => {
    const aws = cargoHome(indexUrl, {
      fromStdout: `aws codeartifact get-authorization-token --domain ${DOMAIN} --domain-owner ${quiver.credentials.accountId} --endpoint-url ${quiver.endpoint} --region us-east-1 --query authorizationToken --output text`,
      env: {
        AWS_ACCESS_KEY_ID: quiver.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: quiver.credentials.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    });
    const app = consumer(
      ['greet = { version = "0.1", registry = "quiver" }'],
      'fn main() { println!("{}", greet::hello()); }\n',
    );
    const ran = await aws.cargo(['run', '-q'], app);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.trim(), 'hello from greet 0.1.0');
    rmSync(aws.home, { recursive: true, force: true });
  });

  it('index lines rename dependencies as the index wants (req, package), split dep: features into features2, and answer 304', async () => {
    const renamer = writeCrate('renamer', '1.0.0', {
      description: 'Depends on greet under another name',
      license: 'MIT',
      dependencies: ['hello = { package = "greet", version = "0.1", registry = "quiver", optional = true }'],
      features: ['loud = ["dep:hello"]', 'plain = []'],
      source: '#[cfg(feature = "loud")]\npub fn shout() -> &\'static str { hello::hello() }\n',
    });
    await publish(renamer);
    const response = await fetch(`${indexUrl}re/na/renamer`, { headers: bare() });
    const etag = response.headers.get('etag');
    assert.ok(etag);
    const [line] = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(line.deps.length, 1);
    const dep = line.deps[0];
    assert.equal(dep.name, 'hello');
    assert.equal(dep.package, 'greet');
    assert.equal(dep.req, '^0.1');
    assert.equal(dep.optional, true);
    assert.equal(dep.kind, 'normal');
    assert.equal(dep.version_req, undefined);
    // A dependency from the registry being published to has no `registry`: it is "this registry" wherever it moves.
    assert.equal(dep.registry, undefined);
    assert.deepEqual(line.features, { plain: [] });
    assert.deepEqual(line.features2, { loud: ['dep:hello'] });
    assert.equal(line.v, 2);
    const again = await fetch(`${indexUrl}re/na/renamer`, { headers: { ...bare(), 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    const deps = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain: DOMAIN,
        repository: REPO,
        format: 'cargo',
        package: 'renamer',
        packageVersion: '1.0.0',
      }),
    );
    assert.deepEqual(
      deps.dependencies!.map((d) => [d.package, d.dependencyType, d.versionRequirement]),
      [['greet', 'normal', '^0.1']],
    );
    // Another spelling of the same path is nobody's file.
    assert.equal((await fetch(`${indexUrl}xx/yy/renamer`, { headers: bare() })).status, 404);
    assert.equal((await fetch(`${indexUrl}re/na/nothing-here`, { headers: bare() })).status, 404);
  });

  it('cargo yank makes the version Unlisted: still in the index as yanked, and an existing Cargo.lock still builds', async () => {
    const app = consumer(
      ['greet = { version = "0.1", registry = "quiver" }'],
      'fn main() { println!("{}", greet::hello()); }\n',
    );
    assert.equal((await home.cargo(['generate-lockfile'], app)).code, 0);
    const yank = await home.cargo(['yank', '--registry', 'quiver', 'greet@0.1.0'], app);
    assert.equal(yank.code, 0, yank.stderr);
    assert.deepEqual(await versionsOf('greet'), { '0.1.0': 'Unlisted' });
    assert.equal((await indexLines('gr/ee/greet'))[0].yanked, true);

    // A fresh CARGO_HOME has nothing cached: the lockfile's pin is downloaded again.
    const fresh = cargoHome(indexUrl, token);
    const locked = await fresh.cargo(['run', '-q', '--locked'], app);
    assert.equal(locked.code, 0, locked.stderr);
    assert.equal(locked.stdout.trim(), 'hello from greet 0.1.0');
    // Without a lockfile, the yanked version is not chosen.
    rmSync(join(app, 'Cargo.lock'));
    const unlocked = await fresh.cargo(['generate-lockfile'], app);
    assert.notEqual(unlocked.code, 0);
    assert.match(unlocked.stderr, /greet/);

    const undo = await home.cargo(['yank', '--registry', 'quiver', 'greet@0.1.0', '--undo'], app);
    assert.equal(undo.code, 0, undo.stderr);
    assert.deepEqual(await versionsOf('greet'), { '0.1.0': 'Published' });
    assert.equal((await fresh.cargo(['generate-lockfile'], app)).code, 0);
    rmSync(fresh.home, { recursive: true, force: true });
  });

  it('an archived version is gone from the index and its .crate is a 404, so cargo cannot resolve it', async () => {
    await publish(writeCrate('greet', '0.2.0', { description: 'Says hello', license: 'MIT' }));
    await setStatus('greet', ['0.2.0'], 'Archived');
    assert.deepEqual(
      (await indexLines('gr/ee/greet')).map((l) => l.vers),
      ['0.1.0'],
    );
    const download = await fetch(`${indexUrl}api/v1/crates/greet/0.2.0/download`, { headers: bare() });
    assert.equal(download.status, 404);
    assert.match((await download.json()).errors[0].detail, /not available/);
    const app = consumer(['greet = { version = "=0.2.0", registry = "quiver" }'], 'fn main() {}\n');
    const resolved = await cargoHome(indexUrl, token).cargo(['generate-lockfile'], app);
    assert.notEqual(resolved.code, 0);
    assert.match(resolved.stderr, /failed to select a version for the requirement `greet = "=0\.2\.0"`/);
  });

  it('16 concurrent publishes of different versions of one crate all land in the index', async () => {
    const versions = Array.from({ length: 16 }, (_, i) => `2.0.${i}`);
    const crates = await Promise.all(versions.map((v) => buildCrateFile('many', v)));
    const answers = await Promise.all(
      versions.map((v, i) => put(publishFrame(publishMetadata('many', v), crates[i]!))),
    );
    for (const answer of answers) assert.equal(answer.status, 200, await answer.clone().text());
    assert.deepEqual(await answers[0]!.json(), { warnings: { invalid_categories: [], invalid_badges: [], other: [] } });
    assert.deepEqual(
      (await indexLines('ma/ny/many')).map((l) => l.vers),
      versions,
    );
    assert.equal(Object.keys(await versionsOf('many')).length, 16);
  });

  it('copy, delete and dispose through the AWS API show in the index and downloads', async () => {
    await client.send(new CreateRepositoryCommand({ domain: DOMAIN, repository: 'copies' }));
    const copiesUrl = indexUrl.replace(`/${REPO}/`, '/copies/');
    const copied = await client.send(
      new CopyPackageVersionsCommand({
        domain: DOMAIN,
        sourceRepository: REPO,
        destinationRepository: 'copies',
        format: 'cargo',
        package: 'many',
        versions: ['2.0.0', '2.0.1'],
      }),
    );
    assert.deepEqual(Object.keys(copied.successfulVersions!).sort(), ['2.0.0', '2.0.1']);
    const copiedLines = await fetch(`${copiesUrl}ma/ny/many`, { headers: bare() });
    assert.deepEqual(
      (await copiedLines.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).vers),
      ['2.0.0', '2.0.1'],
    );
    const download = await fetch(`${copiesUrl}api/v1/crates/many/2.0.1/download`, { headers: bare() });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/x-tar');

    await client.send(
      new DisposePackageVersionsCommand({
        domain: DOMAIN,
        repository: 'copies',
        format: 'cargo',
        package: 'many',
        versions: ['2.0.1'],
      }),
    );
    assert.equal((await fetch(`${copiesUrl}api/v1/crates/many/2.0.1/download`, { headers: bare() })).status, 404);
    await client.send(
      new DeletePackageVersionsCommand({
        domain: DOMAIN,
        repository: 'copies',
        format: 'cargo',
        package: 'many',
        versions: ['2.0.0', '2.0.1'],
      }),
    );
    assert.equal((await fetch(`${copiesUrl}ma/ny/many`, { headers: bare() })).status, 404);
    // The source repository keeps all sixteen.
    assert.equal((await indexLines('ma/ny/many')).length, 16);
  });

  it('bad publish requests are 400s with cargo’s error shape, and nothing is stored', async () => {
    const good = await buildCrateFile('broken', '1.0.0');
    const frame = publishFrame(publishMetadata('broken', '1.0.0'), good);
    const cases: [string, Buffer, RegExp][] = [
      ['a truncated frame', frame.subarray(0, frame.length - 10), /truncated/],
      ['only a length', frame.subarray(0, 3), /truncated/],
      ['metadata that does not parse', publishFrame('{"name": "broken", ', good), /not valid JSON/],
      [
        'a name starting with a digit',
        publishFrame(publishMetadata('1broken', '1.0.0'), good),
        /must start with an ASCII letter/,
      ],
      ['a name with a dot', publishFrame(publishMetadata('bro.ken', '1.0.0'), good), /contains "\."/],
      ['a 65-character name', publishFrame(publishMetadata(`b${'r'.repeat(64)}`, '1.0.0'), good), /longer than 64/],
      ['a version that is not semver', publishFrame(publishMetadata('broken', '1.0'), good), /not a semantic version/],
      [
        'a .crate that is not gzip',
        publishFrame(publishMetadata('broken', '1.0.0'), Buffer.from('plain text')),
        /not gzip/,
      ],
      [
        'a .crate that is gzip but not a tar',
        publishFrame(publishMetadata('broken', '1.0.0'), (await import('node:zlib')).gzipSync('not a tar at all')),
        /not a valid gzip-compressed tar|has no broken-1\.0\.0\/Cargo\.toml/,
      ],
      [
        'a .crate whose Cargo.toml names another version',
        publishFrame(
          publishMetadata('broken', '1.0.0'),
          await buildCrateFile('broken', '1.0.0', '[package]\nname = "broken"\nversion = "9.9.9"\n'),
        ),
        /names broken 9\.9\.9, but the publish metadata names broken 1\.0\.0/,
      ],
      [
        'a .crate of another crate',
        publishFrame(publishMetadata('broken', '1.0.0'), await buildCrateFile('other', '1.0.0')),
        /has no broken-1\.0\.0\/Cargo\.toml/,
      ],
    ];
    for (const [what, body, detail] of cases) {
      const response = await put(body);
      assert.equal(response.status, 400, what);
      const errors = (await response.json()).errors;
      assert.match(errors[0].detail, detail, what);
    }
    const packages = await client.send(
      new ListPackagesCommand({ domain: DOMAIN, repository: REPO, format: 'cargo', packagePrefix: 'b' }),
    );
    assert.deepEqual(packages.packages, []);
    assert.equal((await fetch(`${indexUrl}br/ok/broken`, { headers: bare() })).status, 404);

    // cargo itself refuses such names before sending; the real client gets the same 400 for a collision-free
    // name only, so the client-side refusal is shown here too.
    const badName = writeCrate('ok', '1.0.0');
    writeFileSync(
      join(badName, 'Cargo.toml'),
      readFileSync(join(badName, 'Cargo.toml'), 'utf8').replace('"ok"', '"1ok"'),
    );
    assert.notEqual((await home.cargo(['publish', '--registry', 'quiver', '--no-verify'], badName)).code, 0);
  });

  it('names are case-insensitive and `-`/`_`-equivalent: a colliding spelling is a 409; the first spelling is kept', async () => {
    const crate = await buildCrateFile('Dash_Case', '1.0.0');
    const first = await put(publishFrame(publishMetadata('Dash_Case', '1.0.0'), crate));
    assert.equal(first.status, 200, await first.clone().text());
    for (const other of ['dash-case', 'DASH_CASE']) {
      const response = await put(publishFrame(publishMetadata(other, '1.0.1'), await buildCrateFile(other, '1.0.1')));
      assert.equal(response.status, 409, other);
      assert.match((await response.json()).errors[0].detail, /Dash_Case|dash_case/);
    }
    // The index file lives at the lowercased name and keeps the published spelling.
    assert.equal((await indexLines('da/sh/dash_case'))[0].name, 'Dash_Case');
    assert.deepEqual(await versionsOf('Dash_Case'), { '1.0.0': 'Published' });
    // The same bytes again are idempotent; other bytes for the version are a conflict.
    const same = await put(publishFrame(publishMetadata('Dash_Case', '1.0.0'), crate));
    assert.equal(same.status, 200);
    const different = await put(
      publishFrame(
        publishMetadata('Dash_Case', '1.0.0'),
        await buildCrateFile('Dash_Case', '1.0.0', '[package]\nname = "Dash_Case"\nversion = "1.0.0"\n# changed\n'),
      ),
    );
    assert.equal(different.status, 409);
    // Build metadata does not make another version.
    const build = await put(
      publishFrame(publishMetadata('Dash_Case', '1.0.0+other'), await buildCrateFile('Dash_Case', '1.0.0+other')),
    );
    assert.equal(build.status, 409);
    assert.match((await build.json()).errors[0].detail, /differs only in build metadata/);
    const withBuild = await put(
      publishFrame(publishMetadata('Dash_Case', '1.1.0+b1'), await buildCrateFile('Dash_Case', '1.1.0+b1')),
    );
    assert.equal(withBuild.status, 200);
    const plain = await put(
      publishFrame(publishMetadata('Dash_Case', '1.1.0'), await buildCrateFile('Dash_Case', '1.1.0')),
    );
    assert.equal(plain.status, 409);
  });
});
