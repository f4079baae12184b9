// Every pattern of the four vendored models compiles as the Java regex AWS evaluates, and samples that AWS
// accepts or refuses behave the same here (pure: no server, no store).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JavaPatternError, javaPatternToJs } from '../../../src/aws/java-regex.js';
import { loadServiceModel } from '../../../src/aws/model.js';
import { patternRegExp } from '../../../src/aws/validate.js';

const SERVICES = ['codeartifact', 'iot', 'panorama', 'imagebuilder'];

function patternsOf(service: string): Map<string, string[]> {
  const byPattern = new Map<string, string[]>();
  for (const [name, shape] of Object.entries(loadServiceModel(service).shapes)) {
    if (shape.pattern === undefined) continue;
    byPattern.set(shape.pattern, [...(byPattern.get(shape.pattern) ?? []), name]);
  }
  return byPattern;
}

describe('every pattern of the four models', () => {
  for (const service of SERVICES) {
    test(`${service}: each pattern compiles in unicode mode`, () => {
      const patterns = patternsOf(service);
      assert.ok(patterns.size > 5, `${service} has patterns`);
      for (const [pattern, shapes] of patterns) {
        assert.doesNotThrow(() => patternRegExp(pattern), `${service} ${shapes.join(',')}: ${pattern}`);
        assert.ok(patternRegExp(pattern).unicode, pattern);
      }
    });
  }
});

const shapePattern = (service: string, shape: string) => {
  const pattern = loadServiceModel(service).shape(shape).pattern;
  assert.ok(pattern, `${service} ${shape} has a pattern`);
  return patternRegExp(pattern);
};

// [service, shape, accepted, refused]
const SAMPLES: [string, string, string[], string[]][] = [
  [
    'codeartifact',
    'PackageGroupPattern',
    ['/npm/*', '/*', '/maven/com.anycompany~', '/npm/space/anycompany-ui~', '/maven/org.apache/log4j-core$', '/é/*'],
    ['/npm/ *', '/npm/\t*', '/npm/\u00a0*', '/npm/\u2003x', '/npm/\u0000*', '/npm/\u200b*', ''],
  ],
  ['codeartifact', 'AssetName', ['my-asset.tgz', 'a b', 'ünïcode'], ['a\u0001b', 'a\nb', '\u200e']],
  ['codeartifact', 'PackageName', ['lodash', 'my.pkg', 'a\u00a0b'], ['a b', 'a/b', 'a#b', 'a\tb']],
  ['codeartifact', 'PolicyDocument', ['{"Version": "2012-10-17"}', '{\n\t"a": 1\r\n}'], ['\u0001', '{\ufeff}']],
  ['codeartifact', 'TagKey', ['team', 'aws:x y'], ['a\u0000']],
  ['iot', 'AuditDescription', ['plain text 1.0', '~!'], ['tab\there', 'é', 'a\nb']],
  ['iot', 'ReasonCode', ['ABC_123'], ['abc', 'A-B', 'É']],
  ['iot', 'VerificationStateDescription', ['anything é 🙂', ''], ['a\u0007', '\u007f']],
  ['iot', 'CommandDescription', ['any text'], ['a\u0085', 'a\u200b']],
  ['iot', 'TagKey', ['Name', 'a:b/c=d+e-f@g_h.i', 'ñ 1'], ['a#b', 'a!b']],
  ['iot', 'TemplateBody', ['{ }\n\u00a0\u3000 anything'], []],
  ['panorama', 'NodePackageName', ['my_pkg-1'], ['my pkg', 'a.b']],
  ['panorama', 'NodePackageVersion', ['1.0'], ['1 0']],
  ['imagebuilder', 'ResourceName', ['my-image_1'], ['my#image', 'a', '']],
];

describe('known-good and known-bad samples', () => {
  for (const [service, shape, accepted, refused] of SAMPLES) {
    test(`${service} ${shape}`, () => {
      const re = shapePattern(service, shape);
      for (const sample of accepted) assert.ok(re.test(sample), `${shape} accepts ${JSON.stringify(sample)}`);
      for (const sample of refused) assert.ok(!re.test(sample), `${shape} refuses ${JSON.stringify(sample)}`);
    });
  }
});

describe('the Java-to-JS translation', () => {
  test('Java-only escapes of punctuation become the character itself', () => {
    assert.equal(javaPatternToJs('^[a-z\\_\\-]+$'), '^[a-z_\\-]+$');
    assert.equal(javaPatternToJs('a\\-b'), 'a-b');
  });
  test('POSIX classes are ASCII ranges, negated ones their complement', () => {
    const digit = new RegExp(`^${javaPatternToJs('\\p{Digit}+')}$`, 'u');
    assert.ok(digit.test('0129'));
    assert.ok(!digit.test('٣')); // Arabic-Indic three: a Unicode digit, not a POSIX one
    const notUpper = new RegExp(`^${javaPatternToJs('[\\P{Upper}]+')}$`, 'u');
    assert.ok(notUpper.test('abc🙂'));
    assert.ok(!notUpper.test('aBc'));
  });
  test('unknown classes and escapes are refused, not guessed', () => {
    assert.throws(() => javaPatternToJs('\\p{NoSuchClass}'), JavaPatternError);
    assert.throws(() => javaPatternToJs('\\p{InGreek}'), JavaPatternError);
    assert.throws(() => javaPatternToJs('\\Qa\\E'), JavaPatternError);
  });
});
