import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicalCrateName,
  crateKey,
  crateNameProblem,
  indexPath,
  separatorFreePrefix,
} from '../../../src/domain/codeartifact/cargo/names.js';
import { downloadUrl } from '../../../src/registries/cargo/external.js';

test('crate names: what cargo and crates.io accept', () => {
  for (const ok of ['a', 'serde', 'Serde_JSON', 'tokio-util', 'x1', `a${'b'.repeat(63)}`])
    assert.equal(crateNameProblem(ok), undefined, ok);
  assert.match(crateNameProblem('')!, /empty/);
  assert.match(crateNameProblem('1abc')!, /start with an ASCII letter/);
  assert.match(crateNameProblem('_abc')!, /start with an ASCII letter/);
  assert.match(crateNameProblem('a.b')!, /contains "\."/);
  assert.match(crateNameProblem('café')!, /contains "é"/);
  assert.match(crateNameProblem('a/b')!, /contains "\/"/);
  assert.match(crateNameProblem(`a${'b'.repeat(64)}`)!, /longer than 64/);
});

test('crate names: stored lowercased, compared with `_` read as `-`', () => {
  assert.equal(crateKey('Serde_JSON'), 'serde_json');
  assert.equal(canonicalCrateName('Serde_JSON'), canonicalCrateName('serde-json'));
  assert.notEqual(canonicalCrateName('serde-json'), canonicalCrateName('serdejson'));
  assert.equal(separatorFreePrefix('Foo_bar-baz'), 'foo');
  assert.equal(separatorFreePrefix('plain'), 'plain');
});

test('index paths: 1/, 2/, 3/<c>/, <ab>/<cd>/ on the lowercased name (registry-index.md "Index files")', () => {
  assert.equal(indexPath('a'), '1/a');
  assert.equal(indexPath('ab'), '2/ab');
  assert.equal(indexPath('abc'), '3/a/abc');
  assert.equal(indexPath('cargo'), 'ca/rg/cargo');
  assert.equal(indexPath('Serde'), 'se/rd/serde');
});

test('dl templates expand as cargo expands them; none means /{crate}/{version}/download', () => {
  const sum = 'f'.repeat(64);
  assert.equal(
    downloadUrl('https://x/api/v1/crates', 'serde', '1.0.0', sum),
    'https://x/api/v1/crates/serde/1.0.0/download',
  );
  assert.equal(
    downloadUrl('https://x/{prefix}/{lowerprefix}/{crate}-{version}.crate?h={sha256-checksum}', 'Serde', '1.0.0', sum),
    `https://x/se/rd/se/rd/Serde-1.0.0.crate?h=${sum}`,
  );
});
