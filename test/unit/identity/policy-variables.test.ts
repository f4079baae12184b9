// Policy variables in identity and resource policies, as IAM substitutes them (IAM User Guide, "IAM policy
// elements: Variables and tags"): in Resource/NotResource and String/ARN condition values of 2012-10-17
// documents, `${key}` from the request, `${key, 'default'}`, the `${*}` `${?}` `${$}` escapes, no value → no
// match, a 2008-10-17 document keeps `${…}` literal, a malformed variable is refused with the problem named.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${aws:username}` in plain strings is IAM's policy-variable syntax, not a mistyped template.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePolicy } from '../../../src/domain/identity/policy/document.js';
import { type AuthorizationQuestion, evaluate } from '../../../src/domain/identity/policy/evaluate.js';
import { CatalogError } from '../../../src/domain/shared/errors.js';

const A = '111111111111';
const repo = (name: string) => `arn:aws:codeartifact:us-east-1:${A}:repository/acme/${name}`;
const pkg = (repository: string, name: string) =>
  `arn:aws:codeartifact:us-east-1:${A}:package/acme/${repository}/npm//${name}`;

const alice = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, isRoot: false };
const aliceKeys = {
  'aws:username': 'alice',
  'aws:userid': 'AIDAALICEEXAMPLE',
  'aws:principalaccount': A,
  'aws:principalarn': alice.arn,
};

const policy = (statement: object, version: string | null = '2012-10-17') =>
  compilePolicy(
    JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [{ Effect: 'Allow', ...statement }] }),
    'identity',
  );

const allowed = (
  compiled: ReturnType<typeof policy>,
  action: string,
  resourceArn: string,
  keys: AuthorizationQuestion['keys'] = aliceKeys,
) => evaluate({ principal: alice, action, resourceArn, resourceAccount: A, keys }, [compiled], []).allowed;

describe('policy variables in Resource', () => {
  const own = policy({
    Action: 'codeartifact:PublishPackageVersion',
    Resource: 'arn:aws:codeartifact:*:${aws:PrincipalAccount}:package/acme/${aws:username}/*',
  });

  test('${aws:username} and ${aws:PrincipalAccount} are the caller’s: their own repository only', () => {
    assert.equal(allowed(own, 'codeartifact:PublishPackageVersion', pkg('alice', 'left-pad')), true);
    assert.equal(allowed(own, 'codeartifact:PublishPackageVersion', pkg('bob', 'left-pad')), false);
    const bobKeys = { ...aliceKeys, 'aws:username': 'bob' };
    assert.equal(allowed(own, 'codeartifact:PublishPackageVersion', pkg('bob', 'left-pad'), bobKeys), true);
    const otherAccount = pkg('alice', 'x').replace(A, '999999999999');
    assert.equal(allowed(own, 'codeartifact:PublishPackageVersion', otherAccount), false);
  });

  test('variable names ignore case; ${aws:userid} is the unique id', () => {
    const byId = policy({ Action: 'codeartifact:*', Resource: `${repo('')}\${AWS:UserId}` });
    assert.equal(allowed(byId, 'codeartifact:ListPackages', repo('AIDAALICEEXAMPLE')), true);
    assert.equal(allowed(byId, 'codeartifact:ListPackages', repo('aidaaliceexample')), false, 'values keep case');
  });

  test('a substituted value is literal text: a username with * would not widen the pattern', () => {
    const own2 = policy({ Action: 'codeartifact:ListPackages', Resource: `${repo('')}\${aws:username}` });
    assert.equal(allowed(own2, 'codeartifact:ListPackages', repo('anything'), { 'aws:username': '*' }), false);
    assert.equal(allowed(own2, 'codeartifact:ListPackages', repo('*'), { 'aws:username': '*' }), true);
  });

  test('no value (the root has no aws:username) matches nothing; a default applies instead', () => {
    const rootKeys = { 'aws:principalaccount': A };
    assert.equal(allowed(own, 'codeartifact:PublishPackageVersion', pkg('alice', 'x'), rootKeys), false);
    assert.equal(
      allowed(own, 'codeartifact:PublishPackageVersion', pkg('', 'x'), rootKeys),
      false,
      'not the empty string',
    );
    const withDefault = policy({
      Action: 'codeartifact:ListPackages',
      Resource: `${repo('')}\${aws:username, 'shared'}`,
    });
    assert.equal(allowed(withDefault, 'codeartifact:ListPackages', repo('shared'), rootKeys), true);
    assert.equal(allowed(withDefault, 'codeartifact:ListPackages', repo('alice')), true);
    assert.equal(allowed(withDefault, 'codeartifact:ListPackages', repo('shared')), false);
    const quoted = policy({ Action: 'codeartifact:ListPackages', Resource: `${repo('')}\${aws:username, 'o''neil'}` });
    assert.equal(allowed(quoted, 'codeartifact:ListPackages', repo("o'neil"), rootKeys), true);
  });

  test('a multivalued key is no value', () => {
    const tagged = policy({ Action: 'codeartifact:ListPackages', Resource: `${repo('')}\${aws:tagkeys}` });
    assert.equal(allowed(tagged, 'codeartifact:ListPackages', repo('a'), { 'aws:tagkeys': ['a', 'b'] }), false);
  });

  test('${*}, ${?} and ${$} are literal characters; a bare * stays a wildcard', () => {
    const literal = policy({ Action: 'codeartifact:ListPackages', Resource: `${repo('')}star\${*}q\${?}d\${$}` });
    assert.equal(allowed(literal, 'codeartifact:ListPackages', repo('star*q?d$')), true);
    assert.equal(allowed(literal, 'codeartifact:ListPackages', repo('starXqYd$')), false);
    const wild = policy({ Action: 'codeartifact:ListPackages', Resource: `${repo('')}\${aws:username}-*` });
    assert.equal(allowed(wild, 'codeartifact:ListPackages', repo('alice-tools')), true);
    assert.equal(allowed(wild, 'codeartifact:ListPackages', repo('bob-tools')), false);
  });

  test('NotResource substitutes too', () => {
    const notOwn = policy({ Action: 'codeartifact:ListPackages', NotResource: `${repo('')}\${aws:username}` });
    assert.equal(allowed(notOwn, 'codeartifact:ListPackages', repo('alice')), false);
    assert.equal(allowed(notOwn, 'codeartifact:ListPackages', repo('bob')), true);
  });

  test('in a 2008-10-17 document (or one without Version) ${…} is literal text, as in IAM', () => {
    for (const version of ['2008-10-17', null]) {
      const old = policy({ Action: 'codeartifact:ListPackages', Resource: `${repo('')}\${aws:username}` }, version);
      assert.equal(allowed(old, 'codeartifact:ListPackages', repo('alice')), false);
      assert.equal(allowed(old, 'codeartifact:ListPackages', repo('${aws:username}')), true);
    }
  });
});

describe('policy variables in Condition values', () => {
  const condition = (Condition: object) => policy({ Action: 'codeartifact:*', Resource: '*', Condition });

  test('StringEquals and StringLike against another key: the caller’s own ARN, user-name prefixes', () => {
    const self = condition({
      StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}' },
    });
    assert.equal(allowed(self, 'codeartifact:ListDomains', '*'), true);
    assert.equal(allowed(self, 'codeartifact:ListDomains', '*', { ...aliceKeys, 'aws:username': 'bob' }), false);
    const like = condition({ StringLike: { 'codeartifact:namespace': '${aws:username}-*' } });
    assert.equal(
      allowed(like, 'codeartifact:ListDomains', '*', { ...aliceKeys, 'codeartifact:namespace': 'alice-x' }),
      true,
    );
    assert.equal(
      allowed(like, 'codeartifact:ListDomains', '*', { ...aliceKeys, 'codeartifact:namespace': 'bob-x' }),
      false,
    );
  });

  test('StringEquals keeps * literal; StringEqualsIgnoreCase ignores case of the substituted value', () => {
    const star = condition({ StringEquals: { 'codeartifact:namespace': '${aws:username}*' } });
    assert.equal(
      allowed(star, 'codeartifact:ListDomains', '*', { ...aliceKeys, 'codeartifact:namespace': 'alice*' }),
      true,
    );
    assert.equal(
      allowed(star, 'codeartifact:ListDomains', '*', { ...aliceKeys, 'codeartifact:namespace': 'alicex' }),
      false,
    );
    const loose = condition({ StringEqualsIgnoreCase: { 'codeartifact:namespace': '${aws:username}' } });
    assert.equal(
      allowed(loose, 'codeartifact:ListDomains', '*', { ...aliceKeys, 'codeartifact:namespace': 'ALICE' }),
      true,
    );
  });

  test('no value: a positive operator fails, a negated one holds', () => {
    const keys = { 'codeartifact:namespace': 'alice' };
    const equals = condition({ StringEquals: { 'codeartifact:namespace': '${aws:username}' } });
    const notEquals = condition({ StringNotEquals: { 'codeartifact:namespace': '${aws:username}' } });
    assert.equal(allowed(equals, 'codeartifact:ListDomains', '*', keys), false);
    assert.equal(allowed(notEquals, 'codeartifact:ListDomains', '*', keys), true);
  });

  test('ArnLike substitutes; numeric operators take no variables', () => {
    const arn = condition({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:user/*' } });
    assert.equal(allowed(arn, 'codeartifact:ListDomains', '*'), true);
    assert.equal(allowed(arn, 'codeartifact:ListDomains', '*', { ...aliceKeys, 'aws:principalaccount': '2' }), false);
    assert.throws(
      () => condition({ NumericEquals: { 'sts:DurationSeconds': '${aws:username}' } }),
      /not a valid NumericEquals value/,
    );
  });
});

describe('malformed variables', () => {
  for (const bad of [
    '${aws:username',
    '${}',
    '${ }',
    '${aws:username, default}',
    "${aws:username, 'x}",
    '${username}',
  ]) {
    test(`'${bad}' is refused with the problem named`, () => {
      assert.throws(
        () => policy({ Action: 'codeartifact:ListPackages', Resource: `${repo('')}${bad}` }),
        (error: unknown) =>
          error instanceof CatalogError &&
          error.kind === 'Invalid' &&
          /Statement 1 Resource: .*malformed policy variable/.test(error.message),
      );
    });
  }

  test('in a condition value too, with where it is', () => {
    assert.throws(
      () =>
        policy({
          Action: 'codeartifact:*',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': '${oops' } },
        }),
      /Statement 1 Condition\.StringLike\.aws:PrincipalArn: .*malformed policy variable/,
    );
  });
});
