import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIMPLE_HTML, SIMPLE_JSON, TEXT_HTML, negotiateSimple } from '../../../src/registries/pypi/negotiate.js';
import { projectHtml, projectJson, type SimpleProject } from '../../../src/registries/pypi/simple.js';

test('content negotiation: pip gets JSON, browsers and old clients HTML, an impossible Accept nothing', () => {
  const pip = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01';
  assert.equal(negotiateSimple(pip), SIMPLE_JSON);
  assert.equal(negotiateSimple(undefined), TEXT_HTML);
  assert.equal(negotiateSimple('*/*'), TEXT_HTML);
  assert.equal(negotiateSimple('text/html,application/xhtml+xml,*/*;q=0.8'), TEXT_HTML);
  assert.equal(negotiateSimple('application/vnd.pypi.simple.latest+json'), SIMPLE_JSON);
  assert.equal(negotiateSimple('application/vnd.pypi.simple.v1+html'), SIMPLE_HTML);
  assert.equal(negotiateSimple('application/vnd.pypi.simple.v1+json;q=0.2, text/html;q=0.5'), TEXT_HTML);
  assert.equal(negotiateSimple('application/json'), undefined);
  assert.equal(negotiateSimple('text/html;q=0'), undefined);
  assert.equal(negotiateSimple('application/*'), SIMPLE_HTML);
});

const project: SimpleProject = {
  name: 'demo-pkg-x',
  versions: ['1.0', '1.1'],
  files: [
    {
      filename: 'demo_pkg_x-1.0-py3-none-any.whl',
      url: 'http://h/d-1/pypi/r/simple/demo-pkg-x/1.0/demo_pkg_x-1.0-py3-none-any.whl',
      sha256: 'a'.repeat(64),
      size: 10,
      uploadedAt: Date.UTC(2026, 11, 1, 12, 0, 0, 5),
      requiresPython: '>=3.8,<4',
      coreMetadataSha256: 'b'.repeat(64),
    },
    {
      filename: 'demo_pkg_x-1.1.tar.gz',
      url: 'http://h/d-1/pypi/r/simple/demo-pkg-x/1.1/demo_pkg_x-1.1.tar.gz',
      sha256: 'c'.repeat(64),
      size: 20,
      uploadedAt: 0,
      yanked: 'unlisted',
    },
  ],
};

test('PEP 503 HTML: hash fragment, escaped requires-python, core metadata under both names, yank reason', () => {
  const html = projectHtml(project);
  assert.match(html, /<meta name="pypi:repository-version" content="1.1">/);
  assert.match(
    html,
    new RegExp(
      `<a href="http://h/d-1/pypi/r/simple/demo-pkg-x/1.0/demo_pkg_x-1.0-py3-none-any.whl#sha256=a{64}" ` +
        `data-requires-python="&gt;=3.8,&lt;4" data-core-metadata="sha256=b{64}" data-dist-info-metadata="sha256=b{64}">` +
        'demo_pkg_x-1.0-py3-none-any.whl</a>',
    ),
  );
  assert.match(html, /data-yanked="unlisted">demo_pkg_x-1.1.tar.gz<\/a>/);
});

test('PEP 691 JSON at API 1.1: size, upload-time with microseconds, versions, core-metadata false for sdists', () => {
  const json = JSON.parse(projectJson(project));
  assert.deepEqual(json.meta, { 'api-version': '1.1' });
  assert.deepEqual(json.versions, ['1.0', '1.1']);
  assert.deepEqual(json.files[0], {
    filename: 'demo_pkg_x-1.0-py3-none-any.whl',
    url: project.files[0]!.url,
    hashes: { sha256: 'a'.repeat(64) },
    'requires-python': '>=3.8,<4',
    'core-metadata': { sha256: 'b'.repeat(64) },
    'dist-info-metadata': { sha256: 'b'.repeat(64) },
    yanked: false,
    size: 10,
    'upload-time': '2026-12-01T12:00:00.005000Z',
  });
  assert.equal(json.files[1]['core-metadata'], false);
  assert.equal(json.files[1].yanked, 'unlisted');
});
