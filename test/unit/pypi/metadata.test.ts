import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zipSync, strToU8 } from 'fflate';
import { extractCoreMetadata } from '../../../src/domain/codeartifact/pypi/distributions.js';
import { detailsOfCoreMetadata, parseCoreMetadata } from '../../../src/domain/codeartifact/pypi/metadata.js';
import { buildSdist, buildWheel, coreMetadata } from '../../helpers/pypi.js';

const text = [
  'Metadata-Version: 2.1',
  'Name: Demo.Pkg_X',
  'Version: 1.2.0',
  'Summary: A demo',
  'Home-page: https://example.test/demo',
  'License: MIT',
  'Requires-Python: >=3.8',
  'Requires-Dist: requests[socks] (>=2.0) ; python_version < "3.12"',
  'Requires-Dist: Click>=8',
  'Project-URL: Source, https://git.example.test/demo',
  'Classifier: Programming Language :: Python :: 3',
  '',
  '# Demo',
  '',
  'Long text.',
].join('\n');

test('core metadata: headers, repeated fields and the body as description', () => {
  const core = parseCoreMetadata(text)!;
  assert.equal(core.name, 'Demo.Pkg_X');
  assert.equal(core.version, '1.2.0');
  assert.equal(core.requiresPython, '>=3.8');
  assert.deepEqual(core.requiresDist, ['requests[socks] (>=2.0) ; python_version < "3.12"', 'Click>=8']);
  assert.equal(core.description, '# Demo\n\nLong text.');
  const details = detailsOfCoreMetadata(core);
  assert.equal(details.displayName, 'Demo.Pkg_X');
  assert.equal(details.summary, 'A demo');
  assert.equal(details.homePage, 'https://example.test/demo');
  assert.equal(details.sourceCodeRepository, 'https://git.example.test/demo');
  assert.deepEqual(details.licenses, [{ name: 'MIT' }]);
  assert.equal(details.readme, '# Demo\n\nLong text.');
  assert.deepEqual(details.dependencies, [
    {
      package: 'requests',
      versionRequirement: '[socks] (>=2.0) ; python_version < "3.12"',
      dependencyType: 'install',
    },
    { package: 'click', versionRequirement: '>=8', dependencyType: 'install' },
  ]);
});

test('folded Description (metadata 1.x) is unfolded; no Name or Version is not core metadata', () => {
  const old = parseCoreMetadata(
    'Metadata-Version: 1.1\nName: a\nVersion: 1\nDescription: line one\n        |line two\n',
  )!;
  assert.equal(old.description, 'line one\nline two');
  assert.equal(parseCoreMetadata('Summary: nothing else\n'), undefined);
});

test('a wheel yields its dist-info METADATA, an sdist its PKG-INFO', async () => {
  const wheel = buildWheel('Demo.Pkg_X', '1.0', { summary: 'wheel' });
  const fromWheel = parseCoreMetadata((await extractCoreMetadata('wheel', 'x.whl', wheel)).toString())!;
  assert.equal(fromWheel.summary, 'wheel');
  const sdist = await buildSdist('Demo.Pkg_X', '1.0', { summary: 'sdist' });
  const fromSdist = parseCoreMetadata((await extractCoreMetadata('sdist', 'x.tar.gz', sdist)).toString())!;
  assert.equal(fromSdist.summary, 'sdist');
});

test('broken archives and archives without metadata are rejected with what is wrong', async () => {
  await assert.rejects(extractCoreMetadata('wheel', 'x.whl', Buffer.from('not a zip')), /not a valid zip/);
  const noMetadata = Buffer.from(zipSync({ 'pkg/__init__.py': strToU8('') }));
  await assert.rejects(extractCoreMetadata('wheel', 'x.whl', noMetadata), /no core metadata/);
  const two = Buffer.from(
    zipSync({ 'a-1.dist-info/METADATA': strToU8(coreMetadata('a', '1')), 'b-1.dist-info/METADATA': strToU8('x') }),
  );
  await assert.rejects(extractCoreMetadata('wheel', 'x.whl', two), /2 core metadata files/);
  await assert.rejects(extractCoreMetadata('sdist', 'x.tar.gz', Buffer.from('garbage')), /not a valid \.tar\.gz/);
});
