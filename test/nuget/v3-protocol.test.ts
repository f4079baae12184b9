// The NuGet v3 resources over plain HTTP, request by request as the NuGet server API documents specify them
// (learn.microsoft.com/nuget/api/…; each test names its document and section), since no v3 client runs on
// this machine. Fixtures follow the documents' own examples (nuget.org's service index, a registration with
// dependency groups and ranges, search with `q`/`skip`/`take`/`prerelease`/`semVerLevel`). Also: the statuses
// of formats.md §7, unlist/relist through DELETE/POST and through UpdatePackageVersionsStatus, 16 concurrent
// pushes, bad input (nothing stored), and the AWS API's view of a NuGet package.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CopyPackageVersionsCommand,
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
import { buildNupkg, nuspecXml, pushNupkg } from '../helpers/nuget.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
let client: CodeartifactClient;
let endpoint: string;
let token: string;

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'ng' }));
  for (const repository of ['feed', 'copies'])
    await client.send(new CreateRepositoryCommand({ domain: 'ng', repository }));
  endpoint = (
    await client.send(new GetRepositoryEndpointCommand({ domain: 'ng', repository: 'feed', format: 'nuget' }))
  ).repositoryEndpoint!;
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'ng' }))).authorizationToken!;
});
after(async () => {
  client.destroy();
  await server.stop();
});

const basic = () => ({ authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` });
const get = (path: string) => fetch(`${endpoint}${path}`, { headers: basic() });
const getJson = async (path: string) => {
  const response = await get(path);
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return (await response.json()) as Record<string, any>;
};
const push = (bytes: Buffer, path = 'v3/package') =>
  pushNupkg(`${endpoint}${path}`, bytes, { 'x-nuget-apikey': token });
const versionsOf = async (pkg: string, repository = 'feed') =>
  (
    await client.send(new ListPackageVersionsCommand({ domain: 'ng', repository, format: 'nuget', package: pkg }))
  ).versions
    ?.map((v) => [v.version, v.status])
    .sort();
const setStatus = (pkg: string, versions: string[], targetStatus: 'Published' | 'Unlisted' | 'Archived') =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'ng',
      repository: 'feed',
      format: 'nuget',
      package: pkg,
      versions,
      targetStatus,
    }),
  );

// Shaped as registration-base-url-resource's example (NuGet.Versioning 4.3.0): a framework-specific group with
// a range, a license expression, tags, a repository and a readme.
const EXAMPLE_DEPENDENCIES =
  '<group targetFramework=".NETStandard2.0"><dependency id="Newtonsoft.Json" version="[10.0.1, )" /><dependency id="NuGet.Frameworks" version="4.3.0" /></group>' +
  '<group targetFramework=".NETFramework4.6" />';
const EXAMPLE_EXTRA =
  '<title>Example Title</title><summary>Example summary</summary><projectUrl>https://example.com/project</projectUrl>' +
  '<license type="expression">Apache-2.0</license><tags>example quiver-test</tags>' +
  '<repository type="git" url="https://example.com/example.git" commit="0123abc" />';

describe('NuGet v3 protocol', () => {
  it('service-index: version 3.0.0, every resource @type clients look for, base URLs ending in /', async () => {
    const index = await getJson('v3/index.json');
    assert.equal(index.version, '3.0.0');
    const byType = new Map<string, string>(index.resources.map((r: any) => [r['@type'], r['@id']]));
    for (const type of [
      'PackageBaseAddress/3.0.0',
      'RegistrationsBaseUrl',
      'RegistrationsBaseUrl/3.0.0-beta',
      'RegistrationsBaseUrl/3.0.0-rc',
      'RegistrationsBaseUrl/3.4.0',
      'RegistrationsBaseUrl/3.6.0',
      'SearchQueryService',
      'SearchQueryService/3.0.0-beta',
      'SearchQueryService/3.0.0-rc',
      'SearchQueryService/3.5.0',
      'SearchAutocompleteService',
      'SearchAutocompleteService/3.5.0',
      'PackagePublish/2.0.0',
    ])
      assert.ok(byType.has(type), `missing ${type}`);
    assert.equal(byType.get('PackageBaseAddress/3.0.0'), `${endpoint}v3/flatcontainer/`);
    assert.match(byType.get('RegistrationsBaseUrl/3.6.0')!, /\/$/);
    assert.equal(byType.get('PackagePublish/2.0.0'), `${endpoint}v3/package`);
    // service-index "Resources": each resource has a string @id and @type.
    for (const r of index.resources) assert.ok(typeof r['@id'] === 'string' && typeof r['@type'] === 'string');
    // Without credentials: the 401 with a Basic challenge NuGet answers with the source's saved credentials.
    const anonymous = await fetch(`${endpoint}v3/index.json`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /Basic/);
  });

  it('package-publish-resource "Push a package": 201 on PUT multipart; 409 on a version that exists', async () => {
    const bytes = buildNupkg('NuGet.Example', '4.3.0', {
      dependencies: EXAMPLE_DEPENDENCIES,
      extra: EXAMPLE_EXTRA,
      readme: { path: 'docs/README.md', text: '# NuGet.Example\n' },
    });
    assert.equal((await push(bytes)).status, 201);
    const again = await push(bytes);
    assert.equal(again.status, 409);
    // Any spelling of the same version is the same version (NuGet compares normalised, case-insensitively).
    assert.equal((await push(buildNupkg('nuget.example', '4.3.0.0'))).status, 409);
    // The Basic `aws:<token>` shape, and the other paths NuGet 2.x pushes to.
    for (const [path, version] of [
      ['v3/index.json/', '4.3.1'],
      ['api/v2/package/', '4.3.2'],
      ['', '4.3.3'],
    ] as const) {
      const r = await pushNupkg(
        `${endpoint}${path}`,
        buildNupkg('NuGet.Example', version, { extra: EXAMPLE_EXTRA }),
        basic(),
      );
      assert.equal(r.status, 201, path);
    }
    assert.deepEqual(await versionsOf('nuget.example'), [
      ['4.3.0', 'Published'],
      ['4.3.1', 'Published'],
      ['4.3.2', 'Published'],
      ['4.3.3', 'Published'],
    ]);
  });

  it('package-publish-resource: versions are normalised (leading zeros, 4th part 0, build metadata) and IDs lowercased', async () => {
    assert.equal((await push(buildNupkg('Norm.Pkg', '01.02.0.0'))).status, 201);
    assert.equal((await push(buildNupkg('Norm.Pkg', '2.0.0-Beta.1+build.7'))).status, 201);
    assert.equal((await push(buildNupkg('Norm.Pkg', '3.0'))).status, 201);
    assert.equal((await push(buildNupkg('Norm.Pkg', '3.0.0.4'))).status, 201);
    assert.deepEqual(await versionsOf('NORM.PKG'), [
      ['1.2.0', 'Published'],
      ['2.0.0-Beta.1', 'Published'],
      ['3.0.0', 'Published'],
      ['3.0.0.4', 'Published'],
    ]);
    // package-base-address-resource "Enumerate package versions": lowercased, normalised, no build metadata.
    assert.deepEqual(await getJson('v3/flatcontainer/Norm.Pkg/index.json'), {
      versions: ['1.2.0', '2.0.0-beta.1', '3.0.0', '3.0.0.4'],
    });
  });

  it('package-base-address-resource "Download package content (.nupkg)" and "Download package manifest (.nuspec)"', async () => {
    const bytes = buildNupkg('Flat.Pkg', '1.0.0-RC1');
    assert.equal((await push(bytes)).status, 201);
    const nupkg = await get('v3/flatcontainer/flat.pkg/1.0.0-rc1/flat.pkg.1.0.0-rc1.nupkg');
    assert.equal(nupkg.status, 200);
    assert.deepEqual(Buffer.from(await nupkg.arrayBuffer()), bytes);
    const head = await fetch(`${endpoint}v3/flatcontainer/flat.pkg/1.0.0-rc1/flat.pkg.1.0.0-rc1.nupkg`, {
      method: 'HEAD',
      headers: basic(),
    });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(bytes.length));
    const nuspec = await get('v3/flatcontainer/flat.pkg/1.0.0-rc1/flat.pkg.nuspec');
    assert.equal(nuspec.status, 200);
    assert.match(nuspec.headers.get('content-type') ?? '', /xml/);
    assert.equal(await nuspec.text(), nuspecXml('Flat.Pkg', '1.0.0-RC1'));
    // "If the package does not exist, a 404 is returned"; so for a version that does not.
    assert.equal((await get('v3/flatcontainer/no.such.pkg/index.json')).status, 404);
    assert.equal((await get('v3/flatcontainer/flat.pkg/9.0.0/flat.pkg.9.0.0.nupkg')).status, 404);
    assert.equal((await get('v3/flatcontainer/flat.pkg/1.0.0-rc1/other.1.0.0-rc1.nupkg')).status, 404);
  });

  it('registration-base-url-resource "Registration index", "Registration page", "Registration leaf" and catalogEntry', async () => {
    const index = await getJson('v3/registration/nuget.example/index.json');
    assert.equal(index['@id'], `${endpoint}v3/registration/nuget.example/index.json`);
    assert.equal(index.count, 1);
    const page = index.items[0];
    assert.equal(page.count, 4);
    assert.equal(page.lower, '4.3.0');
    assert.equal(page.upper, '4.3.3');
    assert.equal(page.items.length, 4); // inlined: fewer than 128 versions
    const leaf = page.items[0];
    assert.equal(leaf['@id'], `${endpoint}v3/registration/nuget.example/4.3.0.json`);
    assert.equal(leaf.packageContent, `${endpoint}v3/flatcontainer/nuget.example/4.3.0/nuget.example.4.3.0.nupkg`);
    const entry = leaf.catalogEntry;
    assert.equal(entry.id, 'NuGet.Example');
    assert.equal(entry.version, '4.3.0');
    assert.equal(entry.listed, true);
    assert.equal(entry.authors, 'Quiver Tests');
    assert.equal(entry.description, 'The NuGet.Example package');
    assert.equal(entry.licenseExpression, 'Apache-2.0');
    assert.equal(entry.projectUrl, 'https://example.com/project');
    assert.deepEqual(entry.tags, ['example', 'quiver-test']);
    assert.equal(entry.packageContent, leaf.packageContent);
    assert.ok(
      !Number.isNaN(Date.parse(entry.published)) && entry.published.startsWith(new Date().getUTCFullYear().toString()),
    );
    // "Package dependency group" and "Package dependency": ranges in NuGet's range syntax.
    assert.deepEqual(
      entry.dependencyGroups.map((g: any) => [g.targetFramework, g.dependencies?.map((d: any) => [d.id, d.range])]),
      [
        [
          '.NETStandard2.0',
          [
            ['Newtonsoft.Json', '[10.0.1, )'],
            ['NuGet.Frameworks', '[4.3.0, )'],
          ],
        ],
        ['.NETFramework4.6', []],
      ],
    );
    assert.equal(
      entry.dependencyGroups[0].dependencies[0].registration,
      `${endpoint}v3/registration/newtonsoft.json/index.json`,
    );
    // The registration leaf document, and the catalogEntry at its @id.
    const doc = await getJson('v3/registration/nuget.example/4.3.0.json');
    assert.equal(doc.listed, true);
    assert.equal(doc.packageContent, leaf.packageContent);
    assert.equal(doc.registration, index['@id']);
    assert.equal(doc.catalogEntry, entry['@id']);
    const fetched = await (await fetch(entry['@id'], { headers: basic() })).json();
    assert.deepEqual(fetched, entry);
    assert.equal((await get('v3/registration/no.such.pkg/index.json')).status, 404);
  });

  it('registration-base-url-resource: SemVer 2.0.0 versions only in the RegistrationsBaseUrl/3.6.0 hive', async () => {
    const semver1 = await getJson('v3/registration/norm.pkg/index.json');
    assert.deepEqual(
      semver1.items[0].items.map((l: any) => l.catalogEntry.version),
      ['1.2.0', '3.0.0', '3.0.0.4'],
    );
    const semver2 = await getJson('v3/registration-semver2/norm.pkg/index.json');
    assert.deepEqual(
      semver2.items[0].items.map((l: any) => l.catalogEntry.version),
      ['1.2.0', '2.0.0-Beta.1+build.7', '3.0.0', '3.0.0.4'],
    );
  });

  it('registration-base-url-resource "Registration pages and leaves": above 128 versions, pages of 64 by URL', async () => {
    for (let minor = 0; minor < 130; minor += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => push(buildNupkg('Many.Pkg', `1.${minor + i}.0`))).map(async (r) =>
          assert.equal((await r).status, 201),
        ),
      );
    const index = await getJson('v3/registration/many.pkg/index.json');
    assert.equal(index.count, 3);
    assert.deepEqual(
      index.items.map((p: any) => [p.count, p.lower, p.upper, p.items]),
      [
        [64, '1.0.0', '1.63.0', undefined],
        [64, '1.64.0', '1.127.0', undefined],
        [2, '1.128.0', '1.129.0', undefined],
      ],
    );
    const page = (await (await fetch(index.items[1]['@id'], { headers: basic() })).json()) as any;
    assert.equal(page.items.length, 64);
    assert.equal(page.items[0].catalogEntry.version, '1.64.0');
    assert.equal(page.parent, index['@id']);
  });

  it('search-query-service-resource: q, skip, take, prerelease, semVerLevel; totalHits; versions', async () => {
    const all = await getJson('v3/search?q=nuget.example');
    assert.equal(all.totalHits, 1);
    const hit = all.data[0];
    assert.equal(hit.id, 'NuGet.Example');
    assert.equal(hit.version, '4.3.3');
    assert.equal(hit.registration, `${endpoint}v3/registration/nuget.example/index.json`);
    assert.deepEqual(hit.tags, ['example', 'quiver-test']);
    assert.deepEqual(hit.authors, ['Quiver Tests']);
    assert.deepEqual(
      hit.versions.map((v: any) => v.version),
      ['4.3.0', '4.3.1', '4.3.2', '4.3.3'],
    );
    assert.equal(hit.versions[0]['@id'], `${endpoint}v3/registration/nuget.example/4.3.0.json`);
    // A term found in the description or tags; several terms must all match.
    assert.deepEqual(
      (await getJson('v3/search?q=quiver-test')).data.map((d: any) => d.id),
      ['NuGet.Example'],
    );
    // prerelease=false (the default) hides prerelease versions; a package with only prereleases disappears.
    assert.equal((await getJson('v3/search?q=flat.pkg')).totalHits, 0);
    assert.equal((await getJson('v3/search?q=flat.pkg&prerelease=true')).totalHits, 1);
    // semVerLevel=2.0.0 shows SemVer 2.0.0 versions (here a dotted prerelease label and build metadata).
    const norm1 = await getJson('v3/search?q=norm.pkg&prerelease=true');
    assert.deepEqual(
      norm1.data[0].versions.map((v: any) => v.version),
      ['1.2.0', '3.0.0', '3.0.0.4'],
    );
    const norm2 = await getJson('v3/search?q=norm.pkg&prerelease=true&semVerLevel=2.0.0');
    assert.deepEqual(
      norm2.data[0].versions.map((v: any) => v.version),
      ['1.2.0', '2.0.0-Beta.1+build.7', '3.0.0', '3.0.0.4'],
    );
    // skip and take page the results; totalHits counts them all.
    const everything = await getJson('v3search'.replace('v3search', 'v3/search?prerelease=true&take=100'));
    const page = await getJson('v3/search?prerelease=true&skip=1&take=2');
    assert.equal(page.totalHits, everything.totalHits);
    assert.deepEqual(
      page.data.map((d: any) => d.id),
      everything.data.slice(1, 3).map((d: any) => d.id),
    );
    assert.equal((await get('v3/search?take=-1')).status, 400);
    assert.equal((await get('v3/search?take=5000')).status, 400);
  });

  it('search-autocomplete-service-resource: IDs by q, versions by id', async () => {
    const ids = await getJson('v3/autocomplete?q=pkg&prerelease=true');
    assert.deepEqual(ids.data, ['Flat.Pkg', 'Many.Pkg', 'Norm.Pkg']);
    assert.equal(ids.totalHits, 3);
    const versions = await getJson('v3/autocomplete?id=NuGet.Example');
    assert.deepEqual(versions.data, ['4.3.0', '4.3.1', '4.3.2', '4.3.3']);
    assert.deepEqual((await getJson('v3/autocomplete?id=flat.pkg')).data, []);
    assert.deepEqual((await getJson('v3/autocomplete?id=flat.pkg&prerelease=true')).data, ['1.0.0-RC1']);
  });

  it('package-publish-resource "Delete a package" (unlist, 204) and "Relist a package" (200), and UpdatePackageVersionsStatus', async () => {
    const unlist = await fetch(`${endpoint}v3/package/NuGet.Example/4.3.1`, { method: 'DELETE', headers: basic() });
    assert.equal(unlist.status, 204);
    assert.deepEqual(
      (await versionsOf('nuget.example'))?.find((v) => v[0] === '4.3.1'),
      ['4.3.1', 'Unlisted'],
    );
    // Unlisted: listed:false and published 1900 in the registration, still in the flat container and downloadable,
    // gone from search and autocomplete.
    const leaf = (await getJson('v3/registration/nuget.example/index.json')).items[0].items[1];
    assert.equal(leaf.catalogEntry.listed, false);
    assert.equal(leaf.catalogEntry.published, '1900-01-01T00:00:00.000+00:00');
    assert.equal((await getJson('v3/registration/nuget.example/4.3.1.json')).listed, false);
    assert.deepEqual((await getJson('v3/flatcontainer/nuget.example/index.json')).versions, [
      '4.3.0',
      '4.3.1',
      '4.3.2',
      '4.3.3',
    ]);
    assert.equal((await get('v3/flatcontainer/nuget.example/4.3.1/nuget.example.4.3.1.nupkg')).status, 200);
    assert.deepEqual(
      (await getJson('v3/search?q=nuget.example')).data[0].versions.map((v: any) => v.version),
      ['4.3.0', '4.3.2', '4.3.3'],
    );
    assert.deepEqual((await getJson('v3/autocomplete?id=nuget.example')).data, ['4.3.0', '4.3.2', '4.3.3']);
    // Relist with POST, then the same round trip through the AWS API.
    const relist = await fetch(`${endpoint}v3/package/nuget.example/4.3.1`, { method: 'POST', headers: basic() });
    assert.equal(relist.status, 200);
    assert.equal((await getJson('v3/registration/nuget.example/4.3.1.json')).listed, true);
    await setStatus('NuGet.Example', ['4.3.1'], 'Unlisted');
    assert.equal((await getJson('v3/registration/nuget.example/4.3.1.json')).listed, false);
    await setStatus('nuget.example', ['4.3.1'], 'Published');
    assert.equal((await getJson('v3/registration/nuget.example/4.3.1.json')).listed, true);
    assert.equal(
      (await fetch(`${endpoint}v3/package/nuget.example/9.9.9`, { method: 'DELETE', headers: basic() })).status,
      404,
    );
  });

  it('formats.md §7: Archived and Disposed versions are gone from every resource and 404', async () => {
    for (const v of ['1.0.0', '2.0.0', '3.0.0']) assert.equal((await push(buildNupkg('Status.Pkg', v))).status, 201);
    await setStatus('status.pkg', ['2.0.0'], 'Archived');
    await client.send(
      new DisposePackageVersionsCommand({
        domain: 'ng',
        repository: 'feed',
        format: 'nuget',
        package: 'status.pkg',
        versions: ['3.0.0'],
      }),
    );
    assert.deepEqual((await getJson('v3/flatcontainer/status.pkg/index.json')).versions, ['1.0.0']);
    assert.deepEqual(
      (await getJson('v3/registration/status.pkg/index.json')).items[0].items.map((l: any) => l.catalogEntry.version),
      ['1.0.0'],
    );
    assert.deepEqual(
      (await getJson('v3/search?q=status.pkg')).data[0].versions.map((v: any) => v.version),
      ['1.0.0'],
    );
    for (const v of ['2.0.0', '3.0.0']) {
      assert.equal((await get(`v3/flatcontainer/status.pkg/${v}/status.pkg.${v}.nupkg`)).status, 404);
      assert.equal((await get(`v3/flatcontainer/status.pkg/${v}/status.pkg.nuspec`)).status, 404);
      assert.equal((await get(`v3/registration/status.pkg/${v}.json`)).status, 404);
      // NuGet's relist cannot bring back what its clients cannot see.
      assert.equal(
        (await fetch(`${endpoint}v3/package/status.pkg/${v}`, { method: 'POST', headers: basic() })).status,
        404,
      );
    }
    // Archived → Published through the AWS API brings it back.
    await setStatus('status.pkg', ['2.0.0'], 'Published');
    assert.deepEqual((await getJson('v3/flatcontainer/status.pkg/index.json')).versions, ['1.0.0', '2.0.0']);
  });

  it('16 concurrent pushes of different versions all land', async () => {
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) => push(buildNupkg('Concurrent.Pkg', `1.0.${i}`))),
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      Array(16).fill(201),
    );
    const versions = (await getJson('v3/flatcontainer/concurrent.pkg/index.json')).versions;
    assert.deepEqual(
      versions,
      Array.from({ length: 16 }, (_, i) => `1.0.${i}`),
    );
    assert.equal((await versionsOf('concurrent.pkg'))?.length, 16);
  });

  it('search-query-service-resource and search-autocomplete-service-resource on a repository of 300 packages', async () => {
    await client.send(new CreateRepositoryCommand({ domain: 'ng', repository: 'wide' }));
    const wide = (
      await client.send(new GetRepositoryEndpointCommand({ domain: 'ng', repository: 'wide', format: 'nuget' }))
    ).repositoryEndpoint!;
    const pushWide = async (id: string, version: string, description?: string) => {
      const response = await pushNupkg(`${wide}v3/package`, buildNupkg(id, version, { description }), {
        'x-nuget-apikey': token,
      });
      assert.equal(response.status, 201, `${id} ${version}: ${await response.text()}`);
    };
    const ids = Array.from({ length: 300 }, (_, i) => `Wide.Pkg${i}`);
    for (let i = 0; i < ids.length; i += 10)
      await Promise.all(
        ids.slice(i, i + 10).map((id) => pushWide(id, '1.0.0', id === 'Wide.Pkg7' ? 'needle' : undefined)),
      );
    for (const version of ['1.1.0', '2.0.0-beta', '2.0.0']) await pushWide('Wide.Pkg150', version);
    const wideJson = async (path: string) => {
      const response = await fetch(`${wide}${path}`, { headers: basic() });
      assert.equal(response.status, 200, `${path}: ${response.status}`);
      return (await response.json()) as Record<string, any>;
    };
    // "Enumerate package versions": one ID's listed versions, prerelease only when asked.
    assert.deepEqual((await wideJson('v3/autocomplete?id=wide.PKG150')).data, ['1.0.0', '1.1.0', '2.0.0']);
    assert.deepEqual((await wideJson('v3/autocomplete?id=Wide.Pkg150&prerelease=true')).data, [
      '1.0.0',
      '1.1.0',
      '2.0.0-beta',
      '2.0.0',
    ]);
    assert.deepEqual(await wideJson('v3/autocomplete?id=Wide.Pkg300'), { totalHits: 0, data: [] });
    assert.deepEqual(await wideJson('v3/autocomplete?id=not%20an%20id'), { totalHits: 0, data: [] });
    // One ID, take=1: that package, with all its versions, and a total of 1.
    const one = await wideJson('v3/search?q=Wide.Pkg150&take=1');
    assert.equal(one.totalHits, 1);
    assert.deepEqual(
      one.data.map((d: any) => [d.id, d.version, d.versions.map((v: any) => v.version)]),
      [['Wide.Pkg150', '2.0.0', ['1.0.0', '1.1.0', '2.0.0']]],
    );
    // A prefix of many IDs: the exact match first, then by ID; totalHits counts them all (Pkg1, Pkg10–19,
    // Pkg100–199), skip and take page them.
    const first = await wideJson('v3/search?q=wide.pkg1&take=1');
    assert.equal(first.totalHits, 111);
    assert.deepEqual(
      first.data.map((d: any) => d.id),
      ['Wide.Pkg1'],
    );
    const later = await wideJson('v3/search?q=wide.pkg1&skip=2&take=3');
    assert.equal(later.totalHits, 111);
    assert.deepEqual(
      later.data.map((d: any) => d.id),
      ['Wide.Pkg100', 'Wide.Pkg101', 'Wide.Pkg102'],
    );
    const names = await wideJson('v3/autocomplete?q=pkg29&take=20');
    assert.equal(names.totalHits, 11);
    assert.deepEqual(names.data, ['Wide.Pkg29', ...Array.from({ length: 10 }, (_, i) => `Wide.Pkg29${i}`)]);
    // A term found only in a description still finds its package.
    assert.deepEqual(
      (await wideJson('v3/search?q=needle')).data.map((d: any) => d.id),
      ['Wide.Pkg7'],
    );
  });

  it('bad input is a 4xx naming the problem, and nothing is stored', async () => {
    const cases: [string, Buffer | string, RegExp][] = [
      ['no nuspec', buildNupkg('Bad.Pkg', '1.0.0', { nuspec: null }), /no \.nuspec/],
      ['not a zip', Buffer.from('this is not a zip archive'), /not a valid \.nupkg/],
      ['not XML', buildNupkg('Bad.Pkg', '1.0.0', { nuspec: '<package><metadata><id>Bad' }), /not well-formed XML/],
      ['invalid id', buildNupkg('Bad.Pkg', '1.0.0', { nuspec: nuspecXml('Bad Pkg!', '1.0.0') }), /not a NuGet ID/],
      [
        'non-NuGet version',
        buildNupkg('Bad.Pkg', '1.0.0', { nuspec: nuspecXml('Bad.Pkg', 'one.two') }),
        /not a NuGet version/,
      ],
      [
        'SemVer-ish but not NuGet',
        buildNupkg('Bad.Pkg', '1.0.0', { nuspec: nuspecXml('Bad.Pkg', '1.0.0-') }),
        /not a NuGet version/,
      ],
      [
        'manifest named for another ID',
        buildNupkg('Other.Pkg', '1.0.0', { nuspec: nuspecXml('Bad.Pkg', '1.0.0') }),
        /Other\.Pkg\.nuspec.*Bad\.Pkg/,
      ],
      [
        'bad dependency range',
        buildNupkg('Bad.Pkg', '1.0.0', { dependencies: '<dependency id="X" version="[1.0" />' }),
        /version range/,
      ],
      // Well-formed XML that fast-xml-parser refuses only while parsing (it throws plain Errors): still a 400.
      [
        'element named like an Object property',
        buildNupkg('Bad.Pkg', '1.0.0', { extra: '<constructor>x</constructor>' }),
        /nuspec cannot be read.*constructor/,
      ],
      [
        'entity over the expansion bound',
        buildNupkg('Bad.Pkg', '1.0.0', {
          nuspec: nuspecXml('Bad.Pkg', '1.0.0', { description: '&big;' }).replace(
            '<package ',
            `<!DOCTYPE package [<!ENTITY big "${'x'.repeat(10_001)}">]><package `,
          ),
        }),
        /nuspec cannot be read.*Entity/,
      ],
    ];
    for (const [what, bytes, message] of cases) {
      const response = await push(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
      assert.equal(response.status, 400, what);
      assert.match(await response.text(), message, what);
    }
    const notMultipart = await fetch(`${endpoint}v3/package`, {
      method: 'PUT',
      headers: { ...basic(), 'content-type': 'application/octet-stream' },
      body: new Uint8Array(buildNupkg('Bad.Pkg', '1.0.0')),
    });
    assert.equal(notMultipart.status, 400);
    const packages = await client.send(new ListPackagesCommand({ domain: 'ng', repository: 'feed', format: 'nuget' }));
    assert.ok(
      !packages.packages?.some((p) => p.package === 'bad.pkg' || p.package === 'bad pkg!' || p.package === 'other.pkg'),
    );
    assert.equal((await get('v3/flatcontainer/bad.pkg/index.json')).status, 404);
    // A wrong token, and none.
    assert.equal(
      (await pushNupkg(`${endpoint}v3/package`, buildNupkg('Bad.Pkg', '1.0.0'), { 'x-nuget-apikey': 'nope' })).status,
      401,
    );
  });

  it('the AWS API: list, describe with nuspec metadata, assets, dependencies, readme, copy, delete', async () => {
    const packages = await client.send(
      new ListPackagesCommand({ domain: 'ng', repository: 'feed', format: 'nuget', packagePrefix: 'nuget' }),
    );
    assert.deepEqual(
      packages.packages?.map((p) => [p.package, p.format, p.namespace]),
      [['nuget.example', 'nuget', undefined]],
    );
    const ref = {
      domain: 'ng',
      repository: 'feed',
      format: 'nuget' as const,
      package: 'NuGet.Example',
      packageVersion: '4.3.0',
    };
    const described = (await client.send(new DescribePackageVersionCommand(ref))).packageVersion!;
    assert.equal(described.packageName, 'nuget.example');
    assert.equal(described.displayName, 'NuGet.Example');
    assert.equal(described.summary, 'Example summary');
    assert.equal(described.homePage, 'https://example.com/project');
    assert.equal(described.sourceCodeRepository, 'https://example.com/example.git');
    assert.deepEqual(described.licenses, [{ name: 'Apache-2.0' }]);
    const assets = await client.send(new ListPackageVersionAssetsCommand(ref));
    assert.deepEqual(
      assets.assets?.map((a) => a.name),
      ['nuget.example.4.3.0.nupkg'],
    );
    const deps = await client.send(new ListPackageVersionDependenciesCommand(ref));
    assert.deepEqual(
      deps.dependencies?.map((d) => [d.package, d.dependencyType, d.versionRequirement]),
      [
        ['newtonsoft.json', '.NETStandard2.0', '[10.0.1, )'],
        ['nuget.frameworks', '.NETStandard2.0', '[4.3.0, )'],
      ],
    );
    assert.equal((await client.send(new GetPackageVersionReadmeCommand(ref))).readme, '# NuGet.Example\n');
    const copied = await client.send(
      new CopyPackageVersionsCommand({
        domain: 'ng',
        sourceRepository: 'feed',
        destinationRepository: 'copies',
        format: 'nuget',
        package: 'nuget.example',
        versions: ['4.3.0'],
      }),
    );
    assert.deepEqual(Object.keys(copied.successfulVersions ?? {}), ['4.3.0']);
    const copiesEndpoint = endpoint.replace('/feed/', '/copies/');
    const copiedLeaf = await fetch(`${copiesEndpoint}v3/registration/nuget.example/4.3.0.json`, { headers: basic() });
    assert.equal(copiedLeaf.status, 200);
    await client.send(
      new DeletePackageVersionsCommand({
        domain: 'ng',
        repository: 'feed',
        format: 'nuget',
        package: 'nuget.example',
        versions: ['4.3.3'],
      }),
    );
    assert.deepEqual((await getJson('v3/flatcontainer/nuget.example/index.json')).versions, [
      '4.3.0',
      '4.3.1',
      '4.3.2',
    ]);
    // A deleted version may be pushed again.
    assert.equal((await push(buildNupkg('NuGet.Example', '4.3.3', { extra: EXAMPLE_EXTRA }))).status, 201);
  });
});
