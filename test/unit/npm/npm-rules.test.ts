// npm's rules as Quiver applies them, without a registry: package names, the dist-tags npm may see, and the
// packument documents npm reads (full and abbreviated).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogError } from '../../../src/domain/shared/errors.js';
import { effectiveDistTags } from '../../../src/domain/codeartifact/npm/dist-tags.js';
import { parseNpmName } from '../../../src/domain/codeartifact/npm/names.js';
import type { NpmPackageView } from '../../../src/domain/codeartifact/npm/packument-view.js';
import { packument } from '../../../src/registries/npm/packument.js';

function invalidMessage(name: string): string {
  try {
    parseNpmName(name);
  } catch (error) {
    assert.ok(error instanceof CatalogError);
    assert.equal(error.kind, 'Invalid');
    return error.message;
  }
  assert.fail(`${JSON.stringify(name)} was accepted`);
}

describe('npm package names', () => {
  it('a scope becomes the namespace, without its @', () => {
    assert.deepEqual(parseNpmName('left-pad'), { namespace: '', name: 'left-pad', full: 'left-pad' });
    assert.deepEqual(parseNpmName('@acme/tool.kit'), { namespace: 'acme', name: 'tool.kit', full: '@acme/tool.kit' });
    assert.equal(parseNpmName('x'.repeat(214)).name.length, 214);
  });

  it('refuses what npm refuses, saying why', () => {
    assert.match(invalidMessage(''), /1 to 214 characters/);
    assert.match(invalidMessage('x'.repeat(215)), /1 to 214 characters/);
    assert.match(invalidMessage('.hidden'), /may not start with "\." or "_"/);
    assert.match(invalidMessage('_private'), /may not start with/);
    assert.match(invalidMessage('@acme/.dot'), /may not start with/);
    assert.match(invalidMessage('has space'), /URL-safe/);
    assert.match(invalidMessage('a/b'), /only a scope may contain "\/"/);
    assert.match(invalidMessage('@acme/a/b'), /only a scope may contain "\/"/);
  });
});

describe('dist-tags npm sees', () => {
  it('a tag naming a listed version is kept; one naming an unlisted version is dropped', () => {
    assert.deepEqual(
      effectiveDistTags({ latest: '1.0.0', beta: '2.0.0-beta.1', old: '0.1.0' }, ['1.0.0', '2.0.0-beta.1']),
      {
        latest: '1.0.0',
        beta: '2.0.0-beta.1',
      },
    );
  });

  it('without a visible latest, latest is the highest listed release by semver, not by text', () => {
    assert.deepEqual(effectiveDistTags({ latest: '3.0.0' }, ['1.9.0', '1.10.0', '2.0.0-rc.1']), { latest: '1.10.0' });
    assert.deepEqual(effectiveDistTags({}, ['1.0.0-alpha', '1.0.0-beta']), { latest: '1.0.0-beta' });
    assert.deepEqual(effectiveDistTags({ next: '9' }, []), {});
  });
});

describe('packuments', () => {
  const view: NpmPackageView = {
    createdAt: Date.UTC(2026, 0, 1),
    distTags: { latest: '1.1.0' },
    versions: [
      {
        version: '1.0.0',
        manifest: { description: 'old', dependencies: { a: '^1' }, scripts: { test: 'x' } },
        publishedAt: Date.UTC(2026, 0, 2),
        updatedAt: Date.UTC(2026, 0, 2),
        revision: 'r1',
        shasum: 'aa',
        integrity: 'sha512-AA==',
      },
      {
        version: '1.1.0',
        manifest: { description: 'new', bin: { tool: 'cli.js' }, deprecated: 'use 2' },
        publishedAt: Date.UTC(2026, 0, 3),
        updatedAt: Date.UTC(2026, 0, 5),
        revision: 'r2',
        summary: 'new',
        readme: '# Tool',
      },
    ],
  };
  const name = parseNpmName('@acme/tool');
  const base = 'http://127.0.0.1:4570/npm/d/r';

  it('the full document: ids, tarball URLs under the scope, times, the latest version’s readme', () => {
    const doc = packument(view, name, base, false) as Record<string, any>;
    assert.equal(doc._id, '@acme/tool');
    assert.match(doc._rev, /^3-[0-9a-f]{32}$/);
    assert.equal(doc.description, 'new');
    assert.equal(doc.readme, '# Tool');
    assert.deepEqual(doc['dist-tags'], { latest: '1.1.0' });
    assert.deepEqual(doc.versions['1.0.0'].dist, {
      tarball: `${base}/@acme/tool/-/tool-1.0.0.tgz`,
      shasum: 'aa',
      integrity: 'sha512-AA==',
    });
    assert.equal(doc.versions['1.0.0']._id, '@acme/tool@1.0.0');
    assert.deepEqual(doc.versions['1.0.0'].scripts, { test: 'x' });
    assert.deepEqual(doc.time, {
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-05T00:00:00.000Z',
      '1.0.0': '2026-01-02T00:00:00.000Z',
      '1.1.0': '2026-01-03T00:00:00.000Z',
    });
  });

  it('the abbreviated document keeps only the install fields npm defines', () => {
    const doc = packument(view, name, base, true) as Record<string, any>;
    assert.deepEqual(Object.keys(doc).sort(), ['dist-tags', 'modified', 'name', 'versions']);
    assert.deepEqual(doc.versions['1.0.0'], {
      name: '@acme/tool',
      version: '1.0.0',
      dependencies: { a: '^1' },
      dist: { tarball: `${base}/@acme/tool/-/tool-1.0.0.tgz`, shasum: 'aa', integrity: 'sha512-AA==' },
    });
    assert.equal(doc.versions['1.1.0'].deprecated, 'use 2');
    assert.equal(doc.modified, '2026-01-05T00:00:00.000Z');
  });

  it('_rev changes when a version’s revision or a tag changes, and only then', () => {
    const rev = (v: NpmPackageView) => (packument(v, name, base, false) as { _rev: string })._rev;
    assert.equal(rev(view), rev({ ...view, createdAt: 0 }));
    assert.notEqual(rev(view), rev({ ...view, distTags: { latest: '1.0.0' } }));
    assert.notEqual(
      rev(view),
      rev({ ...view, versions: [view.versions[0]!, { ...view.versions[1]!, revision: 'r3' }] }),
    );
  });
});
