// NuGet's pure rules: version normalisation (NuGet docs "Normalized version numbers", UG:nuget-name-normalization),
// version order, range normalisation, ID rules, and the nuspec as `nuget pack` writes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { normalizeNugetId, parseNugetId } from '../../../src/domain/codeartifact/nuget/ids.js';
import { parseNuspec, readNupkg } from '../../../src/domain/codeartifact/nuget/nuspec.js';
import {
  compareNugetVersionStrings,
  normalizeNugetVersion,
  normalizeVersionRange,
} from '../../../src/domain/codeartifact/nuget/versions.js';

test('versions normalise as NuGet and CodeArtifact do: leading zeros, a missing patch, a zero revision, build metadata', () => {
  const cases: [string, string][] = [
    ['1.01.1', '1.1.1'],
    ['1.0.0.0', '1.0.0'],
    ['1.0', '1.0.0'],
    ['1.0.7+r3456', '1.0.7'],
    ['1.2.3.4', '1.2.3.4'],
    ['2.0.0-Beta.1+build', '2.0.0-Beta.1'],
    ['01.002.0003-rc', '1.2.3-rc'],
  ];
  for (const [input, normal] of cases) assert.equal(normalizeNugetVersion(input), normal, input);
  for (const bad of ['1', 'one.two', '1.0.0-', '1.0.0+', '1.0.0.0.0', '1.0.0-a..b', '99999999999.0', ' ', 'v1.0'])
    assert.throws(() => normalizeNugetVersion(bad), /Invalid NuGet version/, bad);
});

test('versions order numerically, a release after its prereleases, labels case-insensitively', () => {
  const sorted = ['1.10.0', '1.2.0', '1.2.0-beta', '1.2.0-alpha.10', '1.2.0-alpha.2', '1.2.0.1', '1.2.0-ALPHA'].sort(
    compareNugetVersionStrings,
  );
  // SemVer 2.0.0 §11: a label with fewer identifiers sorts first when the others are equal.
  assert.deepEqual(sorted, [
    '1.2.0-ALPHA',
    '1.2.0-alpha.2',
    '1.2.0-alpha.10',
    '1.2.0-beta',
    '1.2.0',
    '1.2.0.1',
    '1.10.0',
  ]);
  assert.equal(compareNugetVersionStrings('1.0.0-RC1', '1.0.0-rc1'), 0);
});

test('dependency ranges normalise as the registration shows them', () => {
  assert.equal(normalizeVersionRange('1.0'), '[1.0.0, )');
  assert.equal(normalizeVersionRange('[1.0,2.0)'), '[1.0.0, 2.0.0)');
  assert.equal(normalizeVersionRange('(, 3.0]'), '(, 3.0.0]');
  assert.equal(normalizeVersionRange('[1.2.3]'), '[1.2.3]');
  assert.equal(normalizeVersionRange(''), '(, )');
  for (const bad of ['[1.0', '(1.0)', '[a, b]', '[1,2,3]'])
    assert.throws(() => normalizeVersionRange(bad), /range/, bad);
});

test('IDs lowercase; nuget.org rules refuse spaces, punctuation runs and long names', () => {
  assert.equal(normalizeNugetId('Newtonsoft.Json'), 'newtonsoft.json');
  assert.equal(parseNugetId('My_Pkg-1.Core'), 'my_pkg-1.core');
  for (const bad of ['', 'a b', '.lead', 'trail.', 'a..b', 'ünï', 'x'.repeat(101)])
    assert.throws(() => parseNugetId(bad), /Invalid NuGet package ID/, bad);
});

const NUSPEC = `\uFEFF<?xml version="1.0"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata minClientVersion="2.12">
    <id>Demo.Pkg</id><version>1.0.0-Beta+sha.1</version><authors>A, B</authors><description>d</description>
    <license type="expression">MIT</license><tags>one two</tags><readme>docs\\readme.md</readme>
    <repository type="git" url="https://example.com/r.git" />
    <dependencies><dependency id="Flat.Dep" version="1.0" />
      <group targetFramework="net45"><dependency id="Other" version="[1.0,2.0)" /></group></dependencies>
  </metadata>
</package>`;

test('a nuspec yields its ID, versions, SemVer 2 flag, license, repository, tags and dependency groups', () => {
  const nuspec = parseNuspec(NUSPEC);
  assert.equal(nuspec.id, 'Demo.Pkg');
  assert.equal(nuspec.version, '1.0.0-Beta');
  assert.equal(nuspec.fullVersion, '1.0.0-Beta+sha.1');
  assert.equal(nuspec.semVer2, true);
  assert.equal(nuspec.licenseExpression, 'MIT');
  assert.equal(nuspec.minClientVersion, '2.12');
  assert.deepEqual(nuspec.tags, ['one', 'two']);
  assert.equal(nuspec.repository?.url, 'https://example.com/r.git');
  assert.deepEqual(nuspec.dependencyGroups, [
    { targetFramework: '', dependencies: [{ id: 'Flat.Dep', range: '[1.0.0, )' }] },
    { targetFramework: 'net45', dependencies: [{ id: 'Other', range: '[1.0.0, 2.0.0)' }] },
  ]);
});

test('a .nupkg: the root manifest and the readme it names; no manifest, two, or not a zip are refused', () => {
  const zip = (entries: Record<string, string>) =>
    Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)]))));
  const { nuspec, nuspecXml } = readNupkg(zip({ 'Demo.Pkg.nuspec': NUSPEC, 'docs/readme.md': '# hi' }));
  assert.equal(nuspec.readme, '# hi');
  assert.equal(nuspecXml, NUSPEC);
  assert.throws(() => readNupkg(zip({ 'lib/Demo.Pkg.nuspec': NUSPEC })), /no \.nuspec manifest/);
  assert.throws(() => readNupkg(zip({ 'A.nuspec': NUSPEC, 'B.nuspec': NUSPEC })), /2 \.nuspec manifests/);
  assert.throws(() => readNupkg(zip({ 'Wrong.nuspec': NUSPEC })), /must be named Demo\.Pkg\.nuspec/);
  assert.throws(() => readNupkg(Buffer.from('PK not really')), /not a valid \.nupkg/);
  // A manifest over 4 MiB is refused before it is inflated.
  assert.throws(() => readNupkg(zip({ 'Demo.Pkg.nuspec': NUSPEC + ' '.repeat(4 * 1024 * 1024) })), /larger than/);
});
