// The pure RubyGems rules: the Marshal writer against bytes Ruby 3.1.2 itself dumps (the hex below is
// `Marshal.dump(…).unpack1("H*")` of the same values), the gemspec reader (Psych's YAML with Ruby tags, RubyGems'
// name rules, hostile YAML), the compact index lines (rubygems/guides compact index API), Gem::Version order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { infoBody, md5Hex, versionsBody } from '../../../src/domain/codeartifact/ruby/compact-index.js';
import { gemNameProblem, parseGemspec } from '../../../src/domain/codeartifact/ruby/gemspec.js';
import { marshal, sym } from '../../../src/domain/codeartifact/ruby/marshal.js';
import { compareGemVersions } from '../../../src/domain/codeartifact/ruby/versions.js';
import { CatalogError } from '../../../src/domain/shared/errors.js';

const version = (v: string) => ({ userMarshal: 'Gem::Version', value: [v] });

describe('Marshal 4.8 writer', () => {
  it('writes nil, booleans, every Fixnum length, UTF-8 strings, symbols with links, and hashes as Ruby does', () => {
    const value = [
      null,
      true,
      false,
      0,
      1,
      122,
      123,
      -1,
      -123,
      -124,
      255,
      256,
      -256,
      -257,
      65536,
      0x3fffffff,
      -0x40000000,
      'héllo',
      sym('sym'),
      sym('sym'),
      { hash: [['a', 'b']] as [string, string][] },
    ];
    assert.equal(
      marshal(value).toString('hex'),
      '04085b1a30544669006906697f69017b69fa698069ff846901ff6902000169ff0069fefffe69030000016904ffffff3f69fc000000c049220b68c3a96c6c6f063a0645543a0873796d3b067b0649220661063b005449220662063b0054',
    );
  });

  it('writes Gem::Version and Gem::Requirement through marshal_dump (U) as RubyGems dumps them', () => {
    assert.equal(
      marshal(version('1.0')).toString('hex'),
      '0408553a1147656d3a3a56657273696f6e5b06492208312e30063a064554',
    );
    const requirement = {
      userMarshal: 'Gem::Requirement',
      value: [
        [
          ['~>', version('1.0')],
          ['>=', version('1.0.1')],
        ],
      ],
    };
    assert.equal(
      marshal(requirement).toString('hex'),
      '0408553a1547656d3a3a526571756972656d656e745b065b075b074922077e3e063a064554553a1147656d3a3a56657273696f6e5b06492208312e30063b06545b074922073e3d063b0654553b075b0649220a312e302e31063b0654',
    );
  });

  it('refuses integers Marshal cannot pack as a Fixnum', () => {
    assert.throws(() => marshal(2 ** 31), RangeError);
  });
});

const spec = (extra: string, name = 'demo') =>
  `--- !ruby/object:Gem::Specification\nname: ${name}\nversion: !ruby/object:Gem::Version\n  version: 1.0.0\nplatform: ruby\n${extra}`;

describe('gemspec YAML', () => {
  it('reads dependencies shared through an alias, requirements, metadata and licenses', () => {
    const parsed = parseGemspec(
      spec(`dependencies:
- !ruby/object:Gem::Dependency
  name: other
  requirement: &1 !ruby/object:Gem::Requirement
    requirements:
    - - "~>"
      - !ruby/object:Gem::Version
        version: '1.0'
  type: :runtime
  prerelease: false
  version_requirements: *1
- !ruby/object:Gem::Dependency
  name: rake
  requirement: !ruby/object:Gem::Requirement
    requirements:
    - - ">="
      - !ruby/object:Gem::Version
        version: '0'
  type: :development
licenses:
- MIT
metadata:
  source_code_uri: https://example.com/src
required_ruby_version: !ruby/object:Gem::Requirement
  requirements:
  - - ">="
    - !ruby/object:Gem::Version
      version: '2.7'
summary: A demo
`),
    );
    assert.deepEqual(parsed.dependencies, [
      { name: 'other', type: 'runtime', requirements: [['~>', '1.0']] },
      { name: 'rake', type: 'development', requirements: [['>=', '0']] },
    ]);
    assert.deepEqual(parsed.requiredRubyVersion, [['>=', '2.7']]);
    assert.deepEqual(parsed.licenses, ['MIT']);
    assert.equal(parsed.metadata.source_code_uri, 'https://example.com/src');
    assert.equal(parsed.summary, 'A demo');
  });

  it('reads a platform gem and a Gem::Platform object', () => {
    assert.equal(parseGemspec(spec('').replace('platform: ruby', 'platform: x86_64-linux')).platform, 'x86_64-linux');
    const object = spec('').replace(
      'platform: ruby',
      'platform: !ruby/object:Gem::Platform\n  cpu: x86_64\n  os: linux\n  version:\n',
    );
    assert.equal(parseGemspec(object).platform, 'x86_64-linux');
  });

  it('refuses what RubyGems refuses, with its words', () => {
    assert.equal(gemNameProblem('rails'), undefined);
    assert.match(gemNameProblem('123')!, /at least one letter/);
    assert.match(gemNameProblem('a b')!, /can only include/);
    assert.match(gemNameProblem('-a')!, /can not begin with/);
    const refused = (yaml: string, pattern: RegExp) =>
      assert.throws(
        () => parseGemspec(yaml),
        (e: unknown) => e instanceof CatalogError && e.kind === 'Invalid' && pattern.test(e.message),
      );
    refused(spec('', '"_x"'), /invalid value for attribute name/);
    refused(spec('').replace('version: 1.0.0', 'version: "1.0 beta"'), /not a Gem::Version/);
    refused('--- {a: [', /does not load/);
    refused('--- just a string\n', /not a !ruby\/object:Gem::Specification/);
    refused(
      spec('dependencies:\n- name: x\n  requirement:\n    requirements:\n    - - "=~"\n      - 1\n'),
      /\[operator, version\]/,
    );
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      lines.push(`${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(',')}]`);
    assert.throws(
      () => parseGemspec(spec(`summary: s\nbomb:\n${lines.map((l) => `  ${l}`).join('\n')}\n`)),
      CatalogError,
    );
  });
});

describe('compact index', () => {
  const gem = (v: string, platform = 'ruby') => ({
    version: v,
    sha256: 'ab'.repeat(32),
    spec: {
      platform,
      dependencies: [
        {
          name: 'other',
          type: 'runtime' as const,
          requirements: [
            ['~>', '1.0'],
            ['>=', '1.0.1'],
          ] as [string, string][],
        },
        { name: 'rake', type: 'development' as const, requirements: [['>=', '0']] as [string, string][] },
      ],
      requiredRubyVersion: [['>=', '2.7']] as [string, string][],
      requiredRubygemsVersion: [['>=', '0']] as [string, string][],
    },
  });

  it('renders /info lines with runtime dependencies, the checksum and non-default requirements', () => {
    assert.equal(
      infoBody([gem('1.0.0'), gem('1.0.0', 'java')]),
      `---\n1.0.0 other:~> 1.0&>= 1.0.1|checksum:${'ab'.repeat(32)},ruby:>= 2.7\n1.0.0-java other:~> 1.0&>= 1.0.1|checksum:${'ab'.repeat(32)},ruby:>= 2.7\n`,
    );
  });

  it('renders /versions sorted by name with each /info MD5', () => {
    const body = versionsBody(new Date(Date.UTC(2026, 11, 1)), [
      { name: 'zeta', versions: ['1.0'], infoMd5: md5Hex('z') },
      { name: 'alpha', versions: ['1.0', '1.1-java'], infoMd5: md5Hex('a') },
    ]);
    assert.equal(
      body,
      `created_at: 2026-12-01T00:00:00Z\n---\nalpha 1.0,1.1-java ${md5Hex('a')}\nzeta 1.0 ${md5Hex('z')}\n`,
    );
  });
});

describe('Gem::Version order', () => {
  it('orders numerically, with prereleases before their release and trailing zeros ignored', () => {
    const sorted = ['1.10.0', '1.2.0', '1.0.0', '1.0.0.pre', '1.0.0.rc1', '2.0', '1.0.0.a'].sort(compareGemVersions);
    assert.deepEqual(sorted, ['1.0.0.a', '1.0.0.pre', '1.0.0.rc1', '1.0.0', '1.2.0', '1.10.0', '2.0']);
    assert.equal(compareGemVersions('1.0', '1.0.0'), 0);
  });
});
