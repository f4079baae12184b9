// The Swift Package Registry API, request by request as Registry.md (swiftlang/swift-package-manager
// Documentation/PackageRegistry/Registry.md) specifies it — there is no Swift toolchain on this machine, so each
// test names the section it follows, and the fixtures are the document's own examples (mona/LinkedList). The
// publish bodies are framed as SwiftPM's RegistryClient frames them; one publish is the user guide's curl command.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CopyPackageVersionsCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
  DescribePackageVersionCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
  GetPackageVersionReadmeCommand,
  GetRepositoryEndpointCommand,
  ListPackagesCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, tempDir, type RunningQuiver } from '../helpers/quiver.js';
import {
  archivePart,
  manifestText,
  metadataPart,
  multipart,
  packageArchive,
  type Part,
  SWIFT_JSON,
  SWIFT_MANIFEST,
  SWIFT_ZIP,
  sourceArchive,
} from '../helpers/swift.js';

let server: RunningQuiver;
let client: CodeartifactClient;
let endpoint: string;
let token: string;

before(async () => {
  server = await startQuiver({ QUIVER_SWIFT_MAX_UPLOAD_MB: '1' });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'sw' }));
  await client.send(new CreateRepositoryCommand({ domain: 'sw', repository: 'libs' }));
  await client.send(new CreateRepositoryCommand({ domain: 'sw', repository: 'copies' }));
  await client.send(
    new CreateRepositoryCommand({ domain: 'sw', repository: 'team', upstreams: [{ repositoryName: 'libs' }] }),
  );
  endpoint = (
    await client.send(new GetRepositoryEndpointCommand({ domain: 'sw', repository: 'libs', format: 'swift' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'sw' }))).authorizationToken!;
});
after(async () => {
  client.destroy();
  await server.stop();
});

const basic = () => `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`;
const get = (path: string, accept = SWIFT_JSON, base = endpoint, extra: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { authorization: basic(), accept, ...extra }, redirect: 'manual' });
/** curl runs beside the in-process server, so never synchronously (that would block the server's event loop). */
const curl = async (args: string[]) => (await promisify(execFile)('curl', args)).stdout;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function publish(path: string, parts: Part[], headers: Record<string, string> = {}) {
  const { body, contentType } = multipart(parts);
  return fetch(`${endpoint}${path}`, {
    method: 'PUT',
    headers: { authorization: basic(), accept: SWIFT_JSON, 'content-type': contentType, ...headers },
    body: new Uint8Array(body),
  });
}

/** §3.3: every error is a problem details object with Content-Version 1. */
async function assertProblem(response: Response, status: number, detail?: RegExp) {
  assert.equal(response.status, status, `${response.url}: ${response.status}`);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  assert.equal(response.headers.get('content-version'), '1');
  const body = (await response.json()) as { detail: string; status: number };
  assert.equal(typeof body.detail, 'string');
  assert.equal(body.status, status);
  if (detail) assert.match(body.detail, detail);
  return body;
}

const signaturePart = (size: number): Part => ({
  name: 'source-archive-signature',
  contentType: 'application/octet-stream',
  body: randomBytes(size),
});

const versionsOf = async (namespace: string, pkg: string, repository = 'libs') =>
  (
    await client.send(
      new ListPackageVersionsCommand({ domain: 'sw', repository, format: 'swift', namespace, package: pkg }),
    )
  ).versions!.map((v) => [v.version, v.status]);

// Registry.md §4.6.2's example metadata.
const LINKED_LIST_METADATA = {
  description: 'One thing links to another.',
  repositoryURLs: ['https://github.com/mona/LinkedList', 'ssh://git@github.com:mona/LinkedList.git'],
  licenseURL: 'https://www.apache.org/licenses/LICENSE-2.0',
  readmeURL: 'https://github.com/mona/LinkedList/blob/main/README.md',
  author: { name: 'Mona Lisa Octocat' },
};
const linkedList = sourceArchive(
  {
    'Package.swift': manifestText('LinkedList', '5.0'),
    'Package@swift-4.2.swift': manifestText('LinkedList', '4.2'),
    'README.md': '# LinkedList\n\nOne thing links to another.\n',
    'Sources/LinkedList/LinkedList.swift': 'public struct LinkedList {}\n',
  },
  'LinkedList',
);

describe('Swift Package Registry (Registry.md)', () => {
  it('4.6 Create a package release: multipart PUT → synchronous 201 with Location', async () => {
    const response = await publish('mona/LinkedList/1.1.1', [
      archivePart(linkedList),
      metadataPart(LINKED_LIST_METADATA),
    ]);
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(response.headers.get('content-version'), '1');
    assert.equal(response.headers.get('location'), `${endpoint}mona/linkedlist/1.1.1`);
    for (const version of ['1.0.0', '1.2.0-beta.1']) {
      const more = await publish(`mona/LinkedList/${version}`, [archivePart(packageArchive('LinkedList'))]);
      assert.equal(more.status, 201, version);
    }
  });

  it('4.1 List package releases: releases map with url, Link latest-version, .json form, case-insensitive', async () => {
    for (const path of ['mona/LinkedList', 'mona/LinkedList.json', 'MONA/linkedlist']) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(response.headers.get('content-version'), '1');
      const { releases } = (await response.json()) as { releases: Record<string, { url: string }> };
      assert.deepEqual(Object.keys(releases), ['1.2.0-beta.1', '1.1.1', '1.0.0'], 'highest precedence first');
      assert.equal(releases['1.1.1']!.url, `${endpoint}mona/linkedlist/1.1.1`);
      assert.equal(response.headers.get('link'), `<${endpoint}mona/linkedlist/1.2.0-beta.1>; rel="latest-version"`);
    }
    await assertProblem(await get('mona/NoSuchList'), 404);
  });

  it('4.2 Fetch information about a package release: id, resources (source-archive checksum), metadata, Links', async () => {
    for (const path of ['mona/LinkedList/1.1.1', 'mona/LinkedList/1.1.1.json', 'Mona/LINKEDLIST/1.1.1']) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(response.headers.get('content-version'), '1');
      const release = (await response.json()) as Record<string, any>;
      assert.equal(release.id, 'mona.linkedlist');
      assert.equal(release.version, '1.1.1');
      assert.deepEqual(release.resources, [
        { name: 'source-archive', type: 'application/zip', checksum: sha256(linkedList) },
      ]);
      assert.deepEqual(release.metadata, LINKED_LIST_METADATA);
      assert.ok(!Number.isNaN(Date.parse(release.publishedAt)) && release.publishedAt.endsWith('Z'));
      const links = response.headers.get('link')!;
      assert.match(links, new RegExp(`<${endpoint}mona/linkedlist/1.2.0-beta.1>; rel="latest-version"`));
      assert.match(links, new RegExp(`<${endpoint}mona/linkedlist/1.2.0-beta.1>; rel="successor-version"`));
      assert.match(links, new RegExp(`<${endpoint}mona/linkedlist/1.0.0>; rel="predecessor-version"`));
    }
    await assertProblem(await get('mona/LinkedList/9.9.9'), 404, /9\.9\.9/);
  });

  it('4.3 Fetch manifest: Package.swift, Link to each versioned manifest, 4.3.1 swift-version (200 or 303)', async () => {
    const plain = await get('mona/LinkedList/1.1.1/Package.swift', SWIFT_MANIFEST);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'text/x-swift');
    assert.equal(plain.headers.get('content-disposition'), 'attachment; filename="Package.swift"');
    const text = await plain.text();
    assert.equal(text, manifestText('LinkedList', '5.0'));
    assert.equal(Number(plain.headers.get('content-length')), Buffer.byteLength(text));
    assert.equal(
      plain.headers.get('link'),
      `<${endpoint}mona/linkedlist/1.1.1/Package.swift?swift-version=4.2>; rel="alternate"; ` +
        'filename="Package@swift-4.2.swift"; swift-tools-version="4.2"',
    );
    const versioned = await get('mona/LinkedList/1.1.1/Package.swift?swift-version=4.2', SWIFT_MANIFEST);
    assert.equal(versioned.status, 200);
    assert.equal(versioned.headers.get('content-disposition'), 'attachment; filename="Package@swift-4.2.swift"');
    assert.equal(await versioned.text(), manifestText('LinkedList', '4.2'));
    const other = await get('mona/LinkedList/1.1.1/Package.swift?swift-version=5.9', SWIFT_MANIFEST);
    assert.equal(other.status, 303);
    assert.equal(other.headers.get('location'), `${endpoint}mona/linkedlist/1.1.1/Package.swift`);
    await assertProblem(await get('mona/LinkedList/3.0.0/Package.swift', SWIFT_MANIFEST), 404);
  });

  it('4.4 Download source archive: the zip, Content-Length, Content-Disposition, Digest = checksum (4.4.1)', async () => {
    const response = await get('mona/LinkedList/1.1.1.zip', SWIFT_ZIP);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="linkedlist-1.1.1.zip"');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual(bytes, linkedList);
    assert.equal(Number(response.headers.get('content-length')), linkedList.length);
    const metadata = (await (await get('mona/LinkedList/1.1.1')).json()) as { resources: { checksum: string }[] };
    assert.equal(sha256(bytes), metadata.resources[0]!.checksum, 'what `swift package compute-checksum` prints');
    // §4.4.1: `shasum -b -a 256 LinkedList-1.1.1.zip | cut -f1 | xxd -r -p | base64`
    assert.equal(response.headers.get('digest'), `sha-256=${createHash('sha256').update(bytes).digest('base64')}`);
    const head = await fetch(`${endpoint}mona/LinkedList/1.1.1.zip`, {
      method: 'HEAD',
      headers: { authorization: basic(), accept: SWIFT_ZIP },
    });
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers.get('content-length')), linkedList.length);
    await assertProblem(await get('mona/LinkedList/7.0.0.zip', SWIFT_ZIP), 404);
  });

  it('4.5 Lookup package identifiers registered for a URL: by metadata repositoryURLs, 404 when none, 400 without url', async () => {
    for (const url of [
      'https://github.com/mona/LinkedList',
      'https://GitHub.com/mona/LinkedList.git',
      'ssh://git@github.com:mona/LinkedList.git',
    ]) {
      const response = await get(`identifiers?url=${encodeURIComponent(url)}`);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('content-version'), '1');
      // nexus-public#1014: an identifier is exactly `scope.name`, no extra dots.
      assert.deepEqual(await response.json(), { identifiers: ['mona.linkedlist'] });
    }
    await assertProblem(await get(`identifiers?url=${encodeURIComponent('https://github.com/mona/Other')}`), 404);
    await assertProblem(await get('identifiers'), 400, /url/);
  });

  it('the user guide curl publish (UG:swift-publish-consume) of a `zip -r` archive with Package.swift at its root', async () => {
    const dir = tempDir();
    const pkg = join(dir, 'Hello');
    mkdirSync(join(pkg, 'Sources', 'Hello'), { recursive: true });
    writeFileSync(join(pkg, 'Package.swift'), manifestText('Hello'));
    writeFileSync(join(pkg, 'Sources', 'Hello', 'Hello.swift'), 'public let hello = "hi"\n');
    execFileSync('zip', ['-qr', join(dir, 'hello.zip'), '.'], { cwd: pkg });
    const status = await curl([
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'PUT',
      '--user',
      `aws:${token}`,
      '-H',
      `Accept: ${SWIFT_JSON}`,
      '-F',
      `source-archive=@${join(dir, 'hello.zip')}`,
      `${endpoint}my_scope-1/Hello/1.0.0`,
    ]); // prettier-ignore
    assert.equal(status, '400', 'my_scope is not a scope: underscores are for names only (§3.6.1)');
    const ok = await curl([
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'PUT',
      '--user',
      `aws:${token}`,
      '-H',
      `Accept: ${SWIFT_JSON}`,
      '-F',
      `source-archive=@${join(dir, 'hello.zip')}`,
      `${endpoint}my-scope/Hello/1.0.0`,
    ]); // prettier-ignore
    assert.equal(ok, '201');
    const manifest = await get('my-scope/hello/1.0.0/Package.swift', SWIFT_MANIFEST);
    assert.equal(await manifest.text(), manifestText('Hello'));
  });

  it('3.5 API versioning: Content-Version 1 everywhere; unknown version 400, unsupported 415; no Accept is v1', async () => {
    await assertProblem(await get('mona/LinkedList', 'application/vnd.swift.registry.v2+json'), 415, /version/);
    await assertProblem(await get('mona/LinkedList', 'application/vnd.swift.registry.vx+json'), 400, /version/);
    const none = await fetch(`${endpoint}mona/LinkedList`, { headers: { authorization: basic() } });
    assert.equal(none.status, 200);
    assert.equal(none.headers.get('content-version'), '1');
    const unversioned = await get('mona/LinkedList', 'application/vnd.swift.registry');
    assert.equal(unversioned.status, 200);
  });

  it('3.2 Authentication and `swift package-registry login`: POST login 200 with a token, 401 otherwise', async () => {
    const login = await fetch(`${endpoint}login`, { method: 'POST', headers: { authorization: basic() } });
    assert.equal(login.status, 200);
    assert.equal(login.headers.get('content-version'), '1');
    const bearer = await fetch(`${endpoint}login`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(bearer.status, 200, 'SwiftPM sends a netrc/keychain token as Bearer');
    const anonymous = await fetch(`${endpoint}login`, { method: 'POST' });
    await assertProblem(anonymous, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /Basic/);
    const wrong = await fetch(`${endpoint}login`, { method: 'POST', headers: { authorization: 'Bearer not-a-token' } });
    await assertProblem(wrong, 401);
    await assertProblem(await fetch(`${endpoint}mona/LinkedList`), 401);
  });

  it('4.6 an existing version is 409 and keeps its archive', async () => {
    const again = await publish('mona/LinkedList/1.1.1', [archivePart(packageArchive('LinkedList'))]);
    await assertProblem(again, 409, /already exists/);
    const identical = await publish('MONA/LinkedList/1.1.1', [archivePart(linkedList)]);
    await assertProblem(identical, 409, /already exists/);
    const release = (await (await get('mona/LinkedList/1.1.1')).json()) as { resources: { checksum: string }[] };
    assert.equal(release.resources[0]!.checksum, sha256(linkedList));
  });

  it('bad input is a clear 4xx problem and stores nothing', async () => {
    const good = () => archivePart(packageArchive('Bad'));
    // A valid archive of ~800 KiB (random base64 text deflates to about its byte count), and parts each under
    // their own limit, that together are over the 1 MiB upload limit.
    const bigParts = [
      archivePart(packageArchive('Bad', { 'Sources/Bad/Data.txt': randomBytes(800 * 1024).toString('base64') })),
      metadataPart({ description: 'x'.repeat(250 * 1024) }),
      signaturePart(7 * 1024),
      { ...signaturePart(7 * 1024), name: 'metadata-signature' },
    ];
    const sizes = bigParts.map((p) => Buffer.byteLength(p.body));
    assert.ok(sizes[0]! < 1024 * 1024 - 16 * 1024, `the archive alone fits (${sizes[0]} bytes)`);
    assert.ok(sizes.reduce((a, b) => a + b) > 1024 * 1024 + 16 * 1024, 'the parts together do not');
    const cases: [string, string, Part[], number, RegExp][] = [
      ['not a zip', 'bad/Bad/1.0.0', [archivePart(Buffer.from('this is not a zip archive at all'))], 422, /zip/],
      ['a truncated zip', 'bad/Bad/1.0.0', [archivePart(packageArchive('Bad').subarray(0, 60))], 422, /zip/],
      [
        'no Package.swift',
        'bad/Bad/1.0.0',
        [archivePart(sourceArchive({ 'Sources/Bad/Bad.swift': 'let x = 1\n' }, 'Bad'))],
        422,
        /Package\.swift/,
      ],
      [
        'Package.swift two levels down',
        'bad/Bad/1.0.0',
        [archivePart(sourceArchive({ 'Bad/Package.swift': manifestText('Bad') }, 'outer'))],
        422,
        /Package\.swift/,
      ],
      ['a two-part version', 'bad/Bad/1.0', [good()], 400, /SemVer/],
      ['a v-prefixed version', 'bad/Bad/v1.0.0', [good()], 400, /SemVer/],
      ['a leading zero', 'bad/Bad/01.0.0', [good()], 400, /SemVer/],
      ['a scope with a double hyphen', 'ba--d/Bad/1.0.0', [good()], 400, /scope/],
      ['a scope of 40 characters', `${'s'.repeat(40)}/Bad/1.0.0`, [good()], 400, /scope/],
      ['a name starting with an underscore', 'bad/_Bad/1.0.0', [good()], 400, /name/],
      ['a name with a dot', 'bad/Ba.d/1.0.0', [good()], 400, /name/],
      ['metadata that is not JSON', 'bad/Bad/1.0.0', [good(), metadataPart('{"description": ')], 422, /JSON/],
      ['metadata that is an array', 'bad/Bad/1.0.0', [good(), metadataPart('[]')], 422, /object/],
      ['an author without a name', 'bad/Bad/1.0.0', [good(), metadataPart({ author: {} })], 422, /author/],
      [
        'repositoryURLs not strings',
        'bad/Bad/1.0.0',
        [good(), metadataPart({ repositoryURLs: [1] })],
        422,
        /repositoryURLs/,
      ],
      ['no source-archive part', 'bad/Bad/1.0.0', [metadataPart({ description: 'x' })], 400, /source-archive/],
      [
        'an unknown part',
        'bad/Bad/1.0.0',
        [good(), { name: 'extra', contentType: 'text/plain', body: 'x' }],
        400,
        /extra/,
      ],
      [
        'an archive over the upload limit',
        'bad/Bad/1.0.0',
        [archivePart(Buffer.concat([packageArchive('Bad'), Buffer.alloc(1024 * 1024 + 1)]))],
        413,
        /larger/,
      ],
      // Each part is under the 1 MiB limit, together they are over it: the limit is the whole body's.
      ['parts over the upload limit together', 'bad/Bad/1.0.0', bigParts, 413, /body/],
      [
        'metadata over 256 KiB',
        'bad/Bad/1.0.0',
        [good(), metadataPart({ description: 'x'.repeat(256 * 1024) })],
        413,
        /metadata part/,
      ],
      [
        'a signature over 8 KiB (§4.4 sends it back as a header)',
        'bad/Bad/1.0.0',
        [good(), signaturePart(8 * 1024 + 1)],
        413,
        /source-archive-signature part/,
      ],
      [
        'a metadata signature over 8 KiB',
        'bad/Bad/1.0.0',
        [good(), { ...signaturePart(8 * 1024 + 1), name: 'metadata-signature' }],
        413,
        /metadata-signature part/,
      ],
    ];
    for (const [what, path, parts, status, detail] of cases) {
      await assertProblem(await publish(path, parts), status, detail).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    }
    const notMultipart = await fetch(`${endpoint}bad/Bad/1.0.0`, {
      method: 'PUT',
      headers: { authorization: basic(), 'content-type': 'application/zip' },
      body: new Uint8Array(packageArchive('Bad')),
    });
    await assertProblem(notMultipart, 400, /multipart/);
    const packages = await client.send(new ListPackagesCommand({ domain: 'sw', repository: 'libs', format: 'swift' }));
    assert.deepEqual(
      packages.packages!.map((p) => `${p.namespace}.${p.package}`).sort(),
      ['mona.linkedlist', 'my-scope.hello'],
      'no refused publish left a package behind',
    );
    // The refused archive never reached the blob store either: its bytes are nobody's asset.
    await assertProblem(await get('bad/Bad'), 404);
  });

  it('the spec example framing: base64 and quoted-printable parts (§4.6), and a signature kept as given (§4.2.1, §4.4)', async () => {
    const archive = packageArchive('Framed');
    const signature = Buffer.from('not really a CMS signature');
    const response = await publish(
      'mona/Framed/1.0.0',
      [
        { ...archivePart(Buffer.from(archive.toString('base64'))), transferEncoding: 'base64' },
        { name: 'source-archive-signature', contentType: 'application/octet-stream', body: signature },
        {
          ...metadataPart('{ "repositoryURLs": [=22https://example.com/mona/Framed=22] }'),
          transferEncoding: 'quoted-printable',
        },
      ],
      { 'x-swift-package-signature-format': 'cms-1.0.0' },
    );
    assert.equal(response.status, 201, await response.clone().text());
    const release = (await (await get('mona/Framed/1.0.0')).json()) as Record<string, any>;
    assert.equal(release.resources[0].checksum, sha256(archive));
    assert.deepEqual(release.resources[0].signing, {
      signatureBase64Encoded: signature.toString('base64'),
      signatureFormat: 'cms-1.0.0',
    });
    assert.deepEqual(release.metadata, { repositoryURLs: ['https://example.com/mona/Framed'] });
    const zip = await get('mona/Framed/1.0.0.zip', SWIFT_ZIP);
    assert.deepEqual(Buffer.from(await zip.arrayBuffer()), archive);
    assert.equal(zip.headers.get('x-swift-package-signature'), signature.toString('base64'));
    assert.equal(zip.headers.get('x-swift-package-signature-format'), 'cms-1.0.0');
  });

  it('§4.4 a signature at the 8 KiB limit is kept and its release can be downloaded (curl)', async () => {
    const signature = randomBytes(8 * 1024);
    const published = await publish('sig/Signed/1.0.0', [
      archivePart(packageArchive('Signed')),
      { name: 'source-archive-signature', contentType: 'application/octet-stream', body: signature },
    ]);
    assert.equal(published.status, 201, await published.clone().text());
    // Node's HTTP client refuses headers over 16 KiB in total, curl takes a header up to 100 KB.
    const headers = await curl([
      '-sS',
      '-f',
      '-o',
      '/dev/null',
      '-D',
      '-',
      '-H',
      `authorization: ${basic()}`,
      '-H',
      `accept: ${SWIFT_ZIP}`,
      `${endpoint}sig/Signed/1.0.0.zip`,
    ]);
    const header = /^x-swift-package-signature: (\S+)\r?$/im.exec(headers);
    assert.equal(header?.[1], signature.toString('base64'));
  });

  it('16 concurrent publishes of different versions all land', async () => {
    const versions = Array.from({ length: 16 }, (_, i) => `2.${i}.0`);
    const responses = await Promise.all(
      versions.map((v) => publish(`race/Racer/${v}`, [archivePart(packageArchive('Racer'))])),
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      versions.map(() => 201),
    );
    const { releases } = (await (await get('race/Racer')).json()) as { releases: Record<string, unknown> };
    assert.equal(Object.keys(releases).length, 16);
    assert.equal((await versionsOf('race', 'racer')).filter(([, s]) => s === 'Published').length, 16);
    // The same version 8 times at once: exactly one wins, the rest are 409.
    const same = await Promise.all(
      Array.from({ length: 8 }, () => publish('race/Racer/3.0.0', [archivePart(packageArchive('Racer'))])),
    );
    assert.deepEqual(same.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('formats.md §7 statuses: Unlisted leaves the list but downloads; Archived/Disposed are a 410 problem and 404', async () => {
    const archives = new Map<string, Buffer>();
    for (const v of ['1.0.0', '1.1.0', '1.2.0', '1.3.0']) {
      archives.set(v, packageArchive('States'));
      assert.equal((await publish(`st/States/${v}`, [archivePart(archives.get(v)!)])).status, 201);
    }
    const setStatus = (versions: string[], targetStatus: 'Unlisted' | 'Archived' | 'Published') =>
      client.send(
        new UpdatePackageVersionsStatusCommand({
          domain: 'sw',
          repository: 'libs',
          format: 'swift',
          namespace: 'ST', // case-insensitive on the AWS side too
          package: 'States',
          versions,
          targetStatus,
        }),
      );
    await setStatus(['1.1.0'], 'Unlisted');
    await setStatus(['1.2.0'], 'Archived');
    await client.send(
      new DisposePackageVersionsCommand({
        domain: 'sw',
        repository: 'libs',
        format: 'swift',
        namespace: 'st',
        package: 'states',
        versions: ['1.3.0'],
      }),
    );
    const list = await get('st/States');
    const { releases } = (await list.json()) as { releases: Record<string, { url: string; problem?: any }> };
    assert.deepEqual(Object.keys(releases), ['1.3.0', '1.2.0', '1.0.0'], 'Unlisted 1.1.0 is not listed');
    assert.equal(releases['1.0.0']!.problem, undefined);
    for (const gone of ['1.2.0', '1.3.0']) {
      assert.equal(releases[gone]!.problem.status, 410);
      assert.equal(releases[gone]!.problem.title, 'Gone');
    }
    assert.equal(list.headers.get('link'), `<${endpoint}st/states/1.0.0>; rel="latest-version"`);
    // Unlisted: a pinned (Package.resolved) fetch still works.
    assert.equal((await get('st/States/1.1.0')).status, 200);
    assert.equal((await get('st/States/1.1.0/Package.swift', SWIFT_MANIFEST)).status, 200);
    const unlisted = await get('st/States/1.1.0.zip', SWIFT_ZIP);
    assert.deepEqual(Buffer.from(await unlisted.arrayBuffer()), archives.get('1.1.0'));
    for (const gone of ['1.2.0', '1.3.0']) {
      await assertProblem(await get(`st/States/${gone}`), 404);
      await assertProblem(await get(`st/States/${gone}.zip`, SWIFT_ZIP), 404);
      await assertProblem(await get(`st/States/${gone}/Package.swift`, SWIFT_MANIFEST), 404);
    }
    await setStatus(['1.1.0', '1.2.0'], 'Published');
    const back = (await (await get('st/States')).json()) as { releases: Record<string, { problem?: unknown }> };
    assert.deepEqual(Object.keys(back.releases), ['1.3.0', '1.2.0', '1.1.0', '1.0.0']);
    assert.equal(back.releases['1.2.0']!.problem, undefined);
    assert.equal((await get('st/States/1.2.0.zip', SWIFT_ZIP)).status, 200);
  });

  it('the AWS side of format=swift: list, describe with metadata, assets, readme, copy, delete', async () => {
    const ref = {
      domain: 'sw',
      repository: 'libs',
      format: 'swift' as const,
      namespace: 'Mona',
      package: 'LinkedList',
    };
    const listed = await client.send(
      new ListPackagesCommand({ domain: 'sw', repository: 'libs', format: 'swift', namespace: 'MONA' }),
    );
    assert.deepEqual(
      listed.packages!.map((p) => p.package),
      ['framed', 'linkedlist'],
    );
    const versions = await client.send(new ListPackageVersionsCommand(ref));
    assert.equal(versions.defaultDisplayVersion, '1.2.0-beta.1', 'highest SemVer precedence');
    const described = await client.send(new DescribePackageVersionCommand({ ...ref, packageVersion: '1.1.1' }));
    const v = described.packageVersion!;
    assert.equal(v.namespace, 'mona');
    assert.equal(v.packageName, 'linkedlist');
    assert.equal(v.displayName, 'mona.linkedlist');
    assert.equal(v.summary, 'One thing links to another.');
    assert.equal(v.sourceCodeRepository, 'https://github.com/mona/LinkedList');
    assert.deepEqual(v.licenses, [{ url: 'https://www.apache.org/licenses/LICENSE-2.0' }]);
    assert.equal(v.status, 'Published');
    const readme = await client.send(new GetPackageVersionReadmeCommand({ ...ref, packageVersion: '1.1.1' }));
    assert.equal(readme.readme, '# LinkedList\n\nOne thing links to another.\n');
    const assets = await client.send(new ListPackageVersionAssetsCommand({ ...ref, packageVersion: '1.1.1' }));
    assert.deepEqual(
      assets.assets!.map((a) => [a.name, a.size, a.hashes?.['SHA-256']]),
      [['linkedlist-1.1.1.zip', linkedList.length, sha256(linkedList)]],
    );
    const asset = await client.send(
      new GetPackageVersionAssetCommand({ ...ref, packageVersion: '1.1.1', asset: 'linkedlist-1.1.1.zip' }),
    );
    assert.deepEqual(Buffer.from(await asset.asset!.transformToByteArray()), linkedList);

    const copied = await client.send(
      new CopyPackageVersionsCommand({
        domain: 'sw',
        sourceRepository: 'libs',
        destinationRepository: 'copies',
        format: 'swift',
        namespace: 'mona',
        package: 'linkedlist',
        versions: ['1.1.1'],
      }),
    );
    assert.deepEqual(Object.keys(copied.successfulVersions ?? {}), ['1.1.1']);
    const copiesEndpoint = endpoint.replace('/libs/', '/copies/');
    const copy = (await (await get('mona/LinkedList/1.1.1', SWIFT_JSON, copiesEndpoint)).json()) as Record<string, any>;
    assert.equal(copy.resources[0].checksum, sha256(linkedList));
    assert.deepEqual(copy.metadata, LINKED_LIST_METADATA);
    const found = await get(
      `identifiers?url=${encodeURIComponent('https://github.com/mona/LinkedList')}`,
      SWIFT_JSON,
      copiesEndpoint,
    );
    assert.deepEqual(await found.json(), { identifiers: ['mona.linkedlist'] });

    await client.send(new DeletePackageVersionsCommand({ ...ref, repository: 'copies', versions: ['1.1.1'] }));
    await assertProblem(await get('mona/LinkedList/1.1.1.zip', SWIFT_ZIP, copiesEndpoint), 404);
    await assertProblem(
      await get(
        `identifiers?url=${encodeURIComponent('https://github.com/mona/LinkedList')}`,
        SWIFT_JSON,
        copiesEndpoint,
      ),
      404,
    );
  });

  it('upstream repositories: a release of libs is listed and downloads through team, and is retained there', async () => {
    const teamEndpoint = endpoint.replace('/libs/', '/team/');
    const list = (await (await get('mona/LinkedList', SWIFT_JSON, teamEndpoint)).json()) as {
      releases: Record<string, { url: string }>;
    };
    assert.equal(list.releases['1.1.1']!.url, `${teamEndpoint}mona/linkedlist/1.1.1`);
    const zip = await get('mona/LinkedList/1.1.1.zip', SWIFT_ZIP, teamEndpoint);
    assert.deepEqual(Buffer.from(await zip.arrayBuffer()), linkedList);
    assert.deepEqual(await versionsOf('mona', 'linkedlist', 'team'), [['1.1.1', 'Published']]);
    // A version an upstream already has cannot be published downstream (upstream=ALLOW): 409, as for every format.
    const body = multipart([archivePart(packageArchive('Racer'))]);
    const shadowing = await fetch(`${teamEndpoint}race/Racer/2.0.0`, {
      method: 'PUT',
      headers: { authorization: basic(), 'content-type': body.contentType },
      body: new Uint8Array(body.body),
    });
    await assertProblem(shadowing, 409, /upstream/);
  });
});
