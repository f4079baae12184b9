// Derived keys: the natural sort key of a version string (what keyset paging orders by), and a version's
// revision (what identifies its assets and metadata).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { revisionOf } from '../../../src/domain/codeartifact/publishing.js';
import { versionSortKey } from '../../../src/store/sql/keys.js';

describe('versionSortKey', () => {
  it('orders runs of digits by number, so 1.10.0 follows 1.9.0', () => {
    const versions = ['1.10.0', '1.9.0', '1.0.0', '10.0.0', '2.0.0', '1.9.10', '1.9.9'];
    const sorted = [...versions].sort((a, b) => (versionSortKey(a) < versionSortKey(b) ? -1 : 1));
    assert.deepEqual(sorted, ['1.0.0', '1.9.0', '1.9.9', '1.9.10', '1.10.0', '2.0.0', '10.0.0']);
  });

  it('ignores leading zeros but keeps the text between numbers', () => {
    assert.equal(versionSortKey('01.002'), versionSortKey('1.2'));
    assert.equal(versionSortKey('v1-rc2'), 'v000000000001-rc000000000002');
    assert.equal(versionSortKey('0'), '000000000000');
  });
});

describe('revisionOf', () => {
  const a = { name: 'a.tgz', sha256: 'aa' };
  const b = { name: 'b.txt', sha256: 'bb' };

  it('is the same for the same version, assets (in any order) and details', () => {
    assert.equal(revisionOf('1.0', [a, b], { summary: 's' }), revisionOf('1.0', [b, a], { summary: 's' }));
    assert.match(revisionOf('1.0', [], {}), /^[A-Za-z0-9+/]{43}=$/);
  });

  it('changes when the version, an asset’s bytes or name, or the metadata change', () => {
    const base = revisionOf('1.0', [a, b], { summary: 's' });
    for (const other of [
      revisionOf('1.1', [a, b], { summary: 's' }),
      revisionOf('1.0', [a, { ...b, sha256: 'bc' }], { summary: 's' }),
      revisionOf('1.0', [a, { ...b, name: 'c.txt' }], { summary: 's' }),
      revisionOf('1.0', [a], { summary: 's' }),
      revisionOf('1.0', [a, b], { summary: 't' }),
    ]) {
      assert.notEqual(other, base);
    }
  });
});
