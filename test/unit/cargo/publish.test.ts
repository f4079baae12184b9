// The publish request of the registry web API (cargo's registry-web-api.md, "Publish") and the index line made
// from it (registry-index.md, "JSON schema").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { checkCrateFile, packageFields } from '../../../src/domain/codeartifact/cargo/crate-file.js';
import { indexLineOf, parseIndexLine } from '../../../src/domain/codeartifact/cargo/index-lines.js';
import {
  isCrateVersion,
  parsePublishMetadata,
  splitPublishFrame,
} from '../../../src/domain/codeartifact/cargo/publish.js';
import { CatalogError } from '../../../src/domain/shared/errors.js';

function frame(json: string, crate: Buffer): Buffer {
  const a = Buffer.alloc(4);
  a.writeUInt32LE(Buffer.byteLength(json));
  const b = Buffer.alloc(4);
  b.writeUInt32LE(crate.length);
  return Buffer.concat([a, Buffer.from(json), b, crate]);
}

const invalidWith = (pattern: RegExp) => (error: unknown) =>
  error instanceof CatalogError && error.kind === 'Invalid' && pattern.test(error.message);

test('the frame: two u32 little-endian length-prefixed parts, exactly', () => {
  const body = frame('{"a":1}', Buffer.from('crate'));
  const { json, crate } = splitPublishFrame(body);
  assert.equal(json.toString(), '{"a":1}');
  assert.equal(crate.toString(), 'crate');
  assert.throws(() => splitPublishFrame(body.subarray(0, 2)), invalidWith(/truncated: it has no metadata length/));
  assert.throws(() => splitPublishFrame(body.subarray(0, 9)), invalidWith(/metadata is declared as 7 bytes/));
  assert.throws(() => splitPublishFrame(body.subarray(0, body.length - 1)), invalidWith(/\.crate is declared as 5/));
  assert.throws(() => splitPublishFrame(Buffer.concat([body, Buffer.from('x')])), invalidWith(/bytes after/));
});

const metadata = {
  name: 'app',
  vers: '1.2.3-beta.1+build.5',
  deps: [
    {
      name: 'serde',
      version_req: '^1.0',
      features: ['derive'],
      optional: false,
      default_features: true,
      target: null,
      kind: 'normal',
      registry: 'https://github.com/rust-lang/crates.io-index',
      explicit_name_in_toml: null,
    },
    {
      name: 'greet',
      version_req: '=0.1.0',
      features: [],
      optional: true,
      default_features: false,
      target: 'cfg(unix)',
      kind: 'dev',
      registry: null,
      explicit_name_in_toml: 'hello',
    },
  ],
  features: { default: ['std'], std: [], loud: ['dep:hello'], weak: ['hello?/x'] },
  description: 'An app',
  license: 'MIT',
  links: 'z',
  rust_version: '1.74',
};

test('publish metadata → index line: req, package/name renames, registry kept, features2 with v 2', () => {
  const parsed = parsePublishMetadata(Buffer.from(JSON.stringify(metadata)));
  const line = indexLineOf(parsed, 'a'.repeat(64));
  assert.deepEqual(line, {
    name: 'app',
    vers: '1.2.3-beta.1+build.5',
    deps: [
      {
        name: 'serde',
        req: '^1.0',
        features: ['derive'],
        optional: false,
        default_features: true,
        target: null,
        kind: 'normal',
        registry: 'https://github.com/rust-lang/crates.io-index',
      },
      {
        name: 'hello',
        req: '=0.1.0',
        features: [],
        optional: true,
        default_features: false,
        target: 'cfg(unix)',
        kind: 'dev',
        package: 'greet',
      },
    ],
    cksum: 'a'.repeat(64),
    features: { default: ['std'], std: [] },
    features2: { loud: ['dep:hello'], weak: ['hello?/x'] },
    v: 2,
    links: 'z',
    rust_version: '1.74',
  });
  const plain = indexLineOf(parsePublishMetadata(Buffer.from('{"name":"a","vers":"1.0.0"}')), 'b'.repeat(64));
  assert.equal(plain.v, undefined);
  assert.equal(plain.features2, undefined);
});

test('publish metadata: a clear 400 for each kind of bad field', () => {
  const bad = (value: unknown, pattern: RegExp) =>
    assert.throws(
      () => parsePublishMetadata(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))),
      invalidWith(pattern),
    );
  bad('{"name":', /not valid JSON/);
  bad('[]', /must be a JSON object/);
  bad({ vers: '1.0.0' }, /no crate name/);
  bad({ name: '9lives', vers: '1.0.0' }, /Invalid crate name: .*start with an ASCII letter/);
  bad({ name: 'ok', vers: 'v1.0.0' }, /not a semantic version/);
  bad({ name: 'ok', vers: '1.0' }, /not a semantic version/);
  bad({ name: 'ok', vers: '1.0.0', deps: {} }, /deps must be a list/);
  bad({ name: 'ok', vers: '1.0.0', deps: [{ name: 'x' }] }, /deps\[0\]\.version_req is missing/);
  bad(
    { name: 'ok', vers: '1.0.0', deps: [{ name: 'x', version_req: '1', kind: 'weird' }] },
    /kind must be normal, dev or build/,
  );
  bad({ name: 'ok', vers: '1.0.0', features: { a: 'b' } }, /features must map/);
  bad({ name: 'ok', vers: '1.0.0', description: 5 }, /description must be a string/);
  assert.equal(isCrateVersion('1.0.0+meta'), true);
  assert.equal(isCrateVersion('01.0.0'), false);
});

test('Cargo.toml [package] name and version, and the .crate check', async () => {
  assert.deepEqual(
    packageFields(
      '[package]\nedition = "2021"\nname = "a\\u0062"\nversion = \'1.0.0\' # c\n\n[dependencies.x]\nname = "no"\n',
    ),
    { name: 'ab', version: '1.0.0' },
  );
  assert.deepEqual(packageFields('[lib]\nname = "x"\n'), {});
  await assert.rejects(checkCrateFile(Buffer.from('nope'), 'a', '1.0.0'), invalidWith(/not gzip-compressed/));
  await assert.rejects(
    checkCrateFile(gzipSync('garbage that is no tar'), 'a', '1.0.0'),
    invalidWith(/not a valid gzip-compressed tar|has no a-1\.0\.0/),
  );
});

test('a foreign index line is served again only when it has name, vers, deps and a sha256 cksum', () => {
  const ok = parseIndexLine(
    JSON.stringify({ name: 'x', vers: '1.0.0', deps: [], cksum: 'c'.repeat(64), features: {} }),
  );
  assert.equal(ok?.yanked, false);
  assert.equal(ok?.links, null);
  assert.equal(parseIndexLine('{"name":"x","vers":"1.0.0","deps":[],"cksum":"short"}'), undefined);
  assert.equal(parseIndexLine('not json'), undefined);
});
