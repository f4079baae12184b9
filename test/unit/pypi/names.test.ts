import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  normalizePypiName,
  parseDistributionFilename,
  parsePypiName,
  parsePypiVersion,
} from '../../../src/domain/codeartifact/pypi/names.js';
import { comparePypiVersions, highestPypiVersion } from '../../../src/domain/codeartifact/pypi/versions.js';

test('PEP 503 normalisation folds case and runs of . - _ into one dash', () => {
  assert.equal(normalizePypiName('Demo.Pkg_X'), 'demo-pkg-x');
  assert.equal(normalizePypiName('Foo.Bar_baz'), 'foo-bar-baz');
  assert.equal(normalizePypiName('a__-._b'), 'a-b');
  assert.equal(normalizePypiName('requests'), 'requests');
});

test('PEP 508 rejects names that are not ASCII alphanumerics with inner . _ -', () => {
  assert.equal(parsePypiName('Demo.Pkg_X'), 'demo-pkg-x');
  for (const bad of ['', '-lead', 'trail_', 'spa ce', 'ünï', 'a/b']) {
    assert.throws(() => parsePypiName(bad), /PEP 508/, bad);
  }
});

test('PEP 440 rejects versions pip could not install', () => {
  assert.equal(parsePypiVersion('1.0.post1'), '1.0.post1');
  assert.throws(() => parsePypiVersion('not-a-version'), /PEP 440/);
  assert.throws(() => parsePypiVersion('1.0-beta-final-x'), /PEP 440/);
});

test('distribution file names give the project and version', () => {
  assert.deepEqual(parseDistributionFilename('Demo.Pkg_X-1.0.0-py3-none-any.whl'), {
    kind: 'wheel',
    project: 'demo-pkg-x',
    version: '1.0.0',
  });
  assert.deepEqual(parseDistributionFilename('demo_pkg_x-2.0rc1-1-cp311-cp311-manylinux_x86_64.whl'), {
    kind: 'wheel',
    project: 'demo-pkg-x',
    version: '2.0rc1',
  });
  assert.deepEqual(parseDistributionFilename('demo_pkg_x-1.0.tar.gz'), {
    kind: 'sdist',
    project: 'demo-pkg-x',
    version: '1.0',
  });
  assert.equal(parseDistributionFilename('demo-1.0.exe'), undefined);
  assert.equal(parseDistributionFilename('../x-1.0.tar.gz'), undefined);
  assert.equal(parseDistributionFilename('only-two-parts.whl'), undefined);
});

test('PEP 440 order: dev < pre < final < post, epochs first; the default display version is the highest final', () => {
  const sorted = ['1.0.post1', '1.0', '1.0rc1', '1.0.dev1', '1!0.1', '0.9', '1.10', '1.9'].sort(comparePypiVersions);
  assert.deepEqual(sorted, ['0.9', '1.0.dev1', '1.0rc1', '1.0', '1.0.post1', '1.9', '1.10', '1!0.1']);
  assert.equal(highestPypiVersion(['1.0', '2.0rc1', '1.5']), '1.5');
  assert.equal(highestPypiVersion(['2.0rc1', '2.0b1']), '2.0rc1');
  assert.equal(highestPypiVersion([]), undefined);
});
