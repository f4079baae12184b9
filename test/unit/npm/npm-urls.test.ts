// Which npm URL form a path in a repository is (src/registries/npm/npm-urls.ts), without a server: the one
// place a scoped name's two spellings, `@scope/name` and `@scope%2fname`, are told apart from the path's tail.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogError } from '../../../src/domain/shared/errors.js';
import { RegistryError } from '../../../src/registries/common/errors.js';
import { parseNpmUrl } from '../../../src/registries/npm/npm-urls.js';

const scoped = { namespace: 'acme', name: 'widget', full: '@acme/widget' };
const plain = { namespace: '', name: 'left-pad', full: 'left-pad' };

describe('npm URL forms', () => {
  it('the endpoint itself and -/ping are a ping; -/whoami is whoami', () => {
    assert.deepEqual(parseNpmUrl(''), { form: 'ping' });
    assert.deepEqual(parseNpmUrl('-/ping'), { form: 'ping' });
    assert.deepEqual(parseNpmUrl('-/whoami'), { form: 'whoami' });
  });

  it('a scoped packument is the same package with its slash encoded or not', () => {
    for (const path of ['@acme%2fwidget', '@acme%2Fwidget', '@acme/widget'])
      assert.deepEqual(parseNpmUrl(path), { form: 'packument', name: scoped, path: '@acme/widget' });
    assert.deepEqual(parseNpmUrl('left-pad'), { form: 'packument', name: plain, path: 'left-pad' });
  });

  it('a tarball path names the file, with or without the -rev npm unpublish appends', () => {
    for (const path of ['@acme/widget/-/widget-1.0.0.tgz', '@acme%2fwidget/-/widget-1.0.0.tgz'])
      assert.deepEqual(parseNpmUrl(path), { form: 'tarball', name: scoped, file: 'widget-1.0.0.tgz' });
    assert.deepEqual(parseNpmUrl('left-pad/-/left-pad-1.3.0.tgz/-rev/3-abc'), {
      form: 'tarball',
      name: plain,
      file: 'left-pad-1.3.0.tgz',
    });
  });

  it('-rev/<rev> after a package is the unpublish form', () => {
    assert.deepEqual(parseNpmUrl('@acme%2fwidget/-rev/2-abc'), {
      form: 'revision',
      name: scoped,
      rev: '2-abc',
      path: '@acme/widget/-rev/2-abc',
    });
  });

  it('dist-tags take a scoped name in either spelling, with or without a tag', () => {
    assert.deepEqual(parseNpmUrl('-/package/@acme%2fwidget/dist-tags'), { form: 'dist-tags', name: scoped });
    assert.deepEqual(parseNpmUrl('-/package/@acme/widget/dist-tags/beta'), {
      form: 'dist-tag',
      name: scoped,
      tag: 'beta',
    });
  });

  it('anything else after a package is its own form (answered 405), not a packument', () => {
    assert.deepEqual(parseNpmUrl('left-pad/x'), { form: 'other', name: plain, path: 'left-pad/x' });
    // An unscoped name with an encoded slash is a name and a tail, as npm's registry reads it.
    assert.deepEqual(parseNpmUrl('left-pad%2fx'), { form: 'other', name: plain, path: 'left-pad/x' });
  });

  it('a path that is no package name is a 400 naming the path; a bad name says why', () => {
    assert.throws(
      () => parseNpmUrl('@acme'),
      (error) => error instanceof RegistryError && error.status === 400 && /"@acme"/.test(error.message),
    );
    assert.throws(
      () => parseNpmUrl('.hidden'),
      (error) => error instanceof CatalogError && error.kind === 'Invalid' && /may not start with/.test(error.message),
    );
  });
});
