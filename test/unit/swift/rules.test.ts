// The pure Swift rules: identity (Registry.md §3.6, SemVer 2.0.0), the archive check (§4.6.1, §4.3), release
// metadata (§4.6.2, Appendix B), repository URL comparison (§4.5) and API version negotiation (§3.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { checkArchive, versionedManifestNames } from '../../../src/domain/codeartifact/swift/archive.js';
import {
  compareSwiftVersions,
  highestSwiftVersion,
  isSwiftName,
  isSwiftScope,
  isSwiftVersion,
} from '../../../src/domain/codeartifact/swift/identity.js';
import { canonicalRepositoryUrl, parseReleaseMetadata } from '../../../src/domain/codeartifact/swift/metadata.js';
import { checkApiVersion } from '../../../src/registries/swift/negotiate.js';
import type { RegistryError } from '../../../src/registries/common/errors.js';

const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])));

test('§3.6.1 scopes and §3.6.2 names', () => {
  for (const ok of ['mona', 'MONA', 'a', 'my-scope', 'a1-b2', 's'.repeat(39)]) assert.ok(isSwiftScope(ok), ok);
  for (const bad of ['', '-a', 'a-', 'a--b', 'a_b', 'a.b', 's'.repeat(40), 'ä']) assert.ok(!isSwiftScope(bad), bad);
  for (const ok of ['LinkedList', 'linked_list', 'linked-list', 'a1_b-c', 'n'.repeat(100)])
    assert.ok(isSwiftName(ok), ok);
  for (const bad of ['', '_a', 'a_', 'a__b', 'a-_b', 'a.b', 'n'.repeat(101), 'a/b']) assert.ok(!isSwiftName(bad), bad);
});

test('SemVer 2.0.0 versions only, ordered by precedence', () => {
  for (const ok of ['1.0.0', '0.0.1', '1.2.3-beta.1', '1.0.0-rc.zip', '1.0.0+build.5', '10.20.30-alpha-1+x'])
    assert.ok(isSwiftVersion(ok), ok);
  for (const bad of ['1.0', '1', 'v1.0.0', '01.0.0', '1.0.0-01', '1.0.0-', '1.0.0+', ' 1.0.0', '1.0.0.0'])
    assert.ok(!isSwiftVersion(bad), bad);
  const sorted = ['1.0.0', '1.0.0-alpha', '1.0.0-alpha.1', '0.9.0', '1.0.0-beta', '1.0.0+b'].sort(compareSwiftVersions);
  assert.deepEqual(sorted, ['0.9.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta', '1.0.0', '1.0.0+b']);
  assert.equal(highestSwiftVersion(['1.2.0', '1.10.0', '1.9.0']), '1.10.0');
});

test('§4.6.1 archive: Package.swift at the root or under the one top-level directory; versioned manifests kept', () => {
  const top = checkArchive(
    zip({
      'Pkg/Package.swift': '// swift-tools-version:5.7\n',
      'Pkg/Package@swift-5.5.swift': '// swift-tools-version: 5.5\n',
      'Pkg/README.md': '# Pkg\n',
      'Pkg/Sources/Pkg/Package.swift': 'not the manifest',
    }),
  );
  assert.deepEqual(
    top.manifests.map((m) => [m.filename, m.toolsVersion]),
    [
      ['Package.swift', '5.7'],
      ['Package@swift-5.5.swift', '5.5'],
    ],
  );
  assert.equal(top.readme, '# Pkg\n');
  assert.equal(checkArchive(zip({ 'Package.swift': 'x', 'Sources/a.swift': 'y' })).manifests.length, 1);
  for (const [why, bytes] of [
    ['not a zip', Buffer.from('PK but not really a zip archive, just text')],
    ['no manifest', zip({ 'Pkg/Sources/a.swift': 'x' })],
    ['two top-level directories', zip({ 'A/Package.swift': 'x', 'B/Package.swift': 'y' })],
    ['too deep', zip({ 'A/B/Package.swift': 'x' })],
    ['a manifest too large', zip({ 'Package.swift': 'x'.repeat(200 * 1024) })],
  ] as const)
    assert.throws(() => checkArchive(bytes), /zip|Package\.swift|manifest/, why);
});

test('§4.3.1 swift-version names the versioned manifest in its usual spellings', () => {
  assert.deepEqual(versionedManifestNames('5.7'), ['Package@swift-5.7.swift', 'Package@swift-5.7.0.swift']);
  assert.deepEqual(versionedManifestNames('5'), [
    'Package@swift-5.swift',
    'Package@swift-5.0.0.swift',
    'Package@swift-5.0.swift',
  ]);
  assert.deepEqual(versionedManifestNames('../x'), []);
});

test('§4.6.2 metadata: a JSON object with the schema types', () => {
  assert.deepEqual(parseReleaseMetadata(undefined), {});
  const m = parseReleaseMetadata(Buffer.from('{"author":{"name":"Mona"},"repositoryURLs":["https://x/y"],"extra":1}'));
  assert.equal(m.author?.name, 'Mona');
  assert.equal(m.extra, 1);
  for (const bad of ['{', '[]', '"x"', '{"author":{}}', '{"repositoryURLs":"x"}', '{"licenseURL":"not a url"}'])
    assert.throws(() => parseReleaseMetadata(Buffer.from(bad)), /invalid JSON provided for release metadata/, bad);
});

test('§4.5 repository URLs compare without case of scheme and host, .git or trailing slash', () => {
  const base = canonicalRepositoryUrl('https://github.com/mona/LinkedList');
  for (const same of ['HTTPS://GitHub.com/mona/LinkedList/', 'https://github.com/mona/LinkedList.git'])
    assert.equal(canonicalRepositoryUrl(same), base, same);
  assert.notEqual(canonicalRepositoryUrl('https://github.com/mona/linkedlist'), base, 'the path keeps its case');
  assert.equal(
    canonicalRepositoryUrl('git@github.com:mona/LinkedList.git'),
    canonicalRepositoryUrl('ssh://git@GitHub.com/mona/LinkedList'),
  );
});

test('§3.5 Accept: v1 and unversioned served, other versions 415, malformed 400', () => {
  for (const ok of [
    undefined,
    '*/*',
    'application/vnd.swift.registry.v1+json',
    'application/vnd.swift.registry.v1',
    'application/vnd.swift.registry+zip',
    'application/vnd.swift.registry.v2+json, application/vnd.swift.registry.v1+json',
  ])
    assert.doesNotThrow(() => checkApiVersion(ok), String(ok));
  const status = (accept: string) => {
    try {
      checkApiVersion(accept);
      return 200;
    } catch (error) {
      return (error as RegistryError).status;
    }
  };
  assert.equal(status('application/vnd.swift.registry.v2+json'), 415);
  assert.equal(status('application/vnd.swift.registry.vx+json'), 400);
  assert.equal(status('application/vnd.swift.registry.v1+xml'), 400);
});
