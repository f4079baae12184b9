// The IAM policy evaluator, pure: documents in, decisions out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CatalogError } from '../../../src/domain/shared/errors.js';
import { compilePolicy, type PolicyKind } from '../../../src/domain/identity/policy/document.js';
import {
  type AuthorizationQuestion,
  denialMessage,
  evaluate,
  type ResourcePolicy,
} from '../../../src/domain/identity/policy/evaluate.js';

const A = '111111111111';
const B = '222222222222';
const REPO = `arn:aws:codeartifact:us-east-1:${A}:repository/acme/main`;
const OTHER_REPO = `arn:aws:codeartifact:us-east-1:${A}:repository/acme/other`;
const DOMAIN = `arn:aws:codeartifact:us-east-1:${A}:domain/acme`;
const PACKAGE = `arn:aws:codeartifact:us-east-1:${A}:package/acme/main/npm/scope/left-pad`;

const user = (account: string, name: string) => ({
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  isRoot: false,
});
const root = (account: string) => ({ arn: `arn:aws:iam::${account}:root`, accountId: account, isRoot: true });

const ask = (
  principal: AuthorizationQuestion['principal'],
  action: string,
  resourceArn: string,
  keys: AuthorizationQuestion['keys'] = {},
): AuthorizationQuestion => ({ principal, action, resourceArn, resourceAccount: A, keys });

const doc = (statements: unknown[], kind: PolicyKind = 'identity') =>
  compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind);
const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});
const onRepo = (statements: unknown[], attachedTo = REPO): ResourcePolicy => ({
  attachedTo,
  covers: (arn) => arn.startsWith(`${attachedTo.replace(':repository/', ':package/')}/`),
  policy: doc(statements, 'resource'),
});

describe('identity policies', () => {
  const alice = user(A, 'alice');

  test('default deny: no policy, no access', () => {
    assert.deepEqual(evaluate(ask(alice, 'codeartifact:ReadFromRepository', REPO), [], []), {
      allowed: false,
      reason: 'no-identity-allow',
    });
  });

  test('the account root may do anything in its own account', () => {
    assert.equal(evaluate(ask(root(A), 'codeartifact:DeleteDomain', DOMAIN), [], []).allowed, true);
  });

  test('Action wildcards: codeartifact:* and codeartifact:Get*, case-insensitive', () => {
    const all = doc([allow('codeartifact:*')]);
    const gets = doc([allow(['codeartifact:Get*', 'codeartifact:Describe*'])]);
    assert.equal(evaluate(ask(alice, 'codeartifact:PublishPackageVersion', PACKAGE), [all], []).allowed, true);
    assert.equal(evaluate(ask(alice, 'codeartifact:GetAuthorizationToken', DOMAIN), [gets], []).allowed, true);
    assert.equal(evaluate(ask(alice, 'codeartifact:getRepositoryEndpoint', REPO), [gets], []).allowed, true);
    assert.equal(evaluate(ask(alice, 'codeartifact:ListPackages', REPO), [gets], []).allowed, false);
    assert.equal(evaluate(ask(alice, 'iot:GetPackage', '*'), [all], []).allowed, false);
  });

  test('NotAction grants everything but the listed actions', () => {
    const policy = doc([{ Effect: 'Allow', NotAction: 'codeartifact:Dispose*', Resource: '*' }]);
    assert.equal(evaluate(ask(alice, 'codeartifact:ListPackages', REPO), [policy], []).allowed, true);
    assert.equal(evaluate(ask(alice, 'codeartifact:DisposePackageVersions', PACKAGE), [policy], []).allowed, false);
  });

  test('Resource and NotResource ARNs with wildcards, case-sensitive', () => {
    const policy = doc([
      allow('codeartifact:PublishPackageVersion', `arn:aws:codeartifact:*:${A}:package/acme/main/*`),
    ]);
    assert.equal(evaluate(ask(alice, 'codeartifact:PublishPackageVersion', PACKAGE), [policy], []).allowed, true);
    const elsewhere = PACKAGE.replace('/main/', '/other/');
    assert.equal(evaluate(ask(alice, 'codeartifact:PublishPackageVersion', elsewhere), [policy], []).allowed, false);
    const upper = PACKAGE.replace('acme', 'ACME');
    assert.equal(evaluate(ask(alice, 'codeartifact:PublishPackageVersion', upper), [policy], []).allowed, false);
    const not = doc([{ Effect: 'Allow', Action: 'codeartifact:*', NotResource: OTHER_REPO }]);
    assert.equal(evaluate(ask(alice, 'codeartifact:ReadFromRepository', REPO), [not], []).allowed, true);
    assert.equal(evaluate(ask(alice, 'codeartifact:ReadFromRepository', OTHER_REPO), [not], []).allowed, false);
  });

  test('an explicit Deny on one repository beats an Allow on *', () => {
    const policies = [doc([allow('codeartifact:*')]), doc([deny('codeartifact:*', REPO)])];
    assert.deepEqual(evaluate(ask(alice, 'codeartifact:ReadFromRepository', REPO), policies, []), {
      allowed: false,
      reason: 'identity-deny',
    });
    assert.equal(evaluate(ask(alice, 'codeartifact:ReadFromRepository', OTHER_REPO), policies, []).allowed, true);
  });
});

describe('conditions', () => {
  const alice = user(A, 'alice');
  const tokenPolicy = doc([
    allow('sts:GetServiceBearerToken', '*', {
      Condition: {
        StringEquals: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' },
        NumericLessThanEquals: { 'sts:DurationSeconds': 3600 },
      },
    }),
  ]);
  const keys = (service: string, seconds: number) => ({
    'sts:awsservicename': service,
    'sts:durationseconds': seconds,
  });

  test('StringEquals and NumericLessThanEquals on sts:AWSServiceName and sts:DurationSeconds', () => {
    const q = (service: string, seconds: number) =>
      ask(alice, 'sts:GetServiceBearerToken', '*', keys(service, seconds));
    assert.equal(evaluate(q('codeartifact.amazonaws.com', 900), [tokenPolicy], []).allowed, true);
    assert.equal(evaluate(q('codeartifact.amazonaws.com', 3600), [tokenPolicy], []).allowed, true);
    assert.equal(evaluate(q('codeartifact.amazonaws.com', 43200), [tokenPolicy], []).allowed, false);
    assert.equal(evaluate(q('s3.amazonaws.com', 900), [tokenPolicy], []).allowed, false);
  });

  test('condition keys are case-insensitive; a missing key fails a positive operator', () => {
    const policy = doc([allow('codeartifact:*', '*', { Condition: { StringEquals: { 'AWS:PrincipalAccount': A } } })]);
    assert.equal(
      evaluate(ask(alice, 'codeartifact:ListDomains', '*', { 'aws:principalaccount': A }), [policy], []).allowed,
      true,
    );
    assert.equal(evaluate(ask(alice, 'codeartifact:ListDomains', '*', {}), [policy], []).allowed, false);
  });

  test('StringLike, StringNotEquals (true when the key is absent), ArnLike, Bool, IfExists, Null', () => {
    const like = doc([
      allow('codeartifact:*', '*', { Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/ci-*' } } }),
    ]);
    const ci = user(A, 'ci-build');
    assert.equal(
      evaluate(ask(ci, 'codeartifact:ListDomains', '*', { 'aws:principalarn': ci.arn }), [like], []).allowed,
      true,
    );
    assert.equal(
      evaluate(ask(alice, 'codeartifact:ListDomains', '*', { 'aws:principalarn': alice.arn }), [like], []).allowed,
      false,
    );

    const notEquals = doc([
      allow('codeartifact:*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalAccount': B } } }),
    ]);
    assert.equal(evaluate(ask(alice, 'codeartifact:ListDomains', '*', {}), [notEquals], []).allowed, true);
    assert.equal(
      evaluate(ask(alice, 'codeartifact:ListDomains', '*', { 'aws:principalaccount': B }), [notEquals], []).allowed,
      false,
    );

    const arn = doc([
      allow('codeartifact:*', '*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/*` } } }),
    ]);
    assert.equal(
      evaluate(ask(alice, 'codeartifact:ListDomains', '*', { 'aws:principalarn': alice.arn }), [arn], []).allowed,
      true,
    );

    const tls = doc([deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), allow('*')]);
    assert.equal(
      evaluate(ask(alice, 'codeartifact:ListDomains', '*', { 'aws:securetransport': false }), [tls], []).allowed,
      false,
    );
    assert.equal(
      evaluate(ask(alice, 'codeartifact:ListDomains', '*', { 'aws:securetransport': true }), [tls], []).allowed,
      true,
    );

    const ifExists = doc([
      allow('*', '*', { Condition: { NumericLessThanEqualsIfExists: { 'sts:DurationSeconds': 900 } } }),
    ]);
    assert.equal(evaluate(ask(alice, 'codeartifact:ListDomains', '*', {}), [ifExists], []).allowed, true);
    assert.equal(evaluate(ask(alice, 'x:Y', '*', { 'sts:durationseconds': 901 }), [ifExists], []).allowed, false);

    const isNull = doc([allow('*', '*', { Condition: { Null: { 'aws:SourceIp': 'true' } } })]);
    assert.equal(evaluate(ask(alice, 'x:Y', '*', {}), [isNull], []).allowed, true);
    assert.equal(evaluate(ask(alice, 'x:Y', '*', { 'aws:sourceip': '10.0.0.1' }), [isNull], []).allowed, false);
  });

  test('IpAddress on aws:SourceIp, several values are alternatives, several keys must all hold', () => {
    const policy = doc([
      allow('*', '*', {
        Condition: {
          IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '::1'] },
          StringEquals: { 'aws:PrincipalAccount': A },
        },
      }),
    ]);
    const q = (ip: string, account = A) =>
      ask(alice, 'x:Y', '*', { 'aws:sourceip': ip, 'aws:principalaccount': account });
    assert.equal(evaluate(q('10.2.3.4'), [policy], []).allowed, true);
    assert.equal(evaluate(q('::1'), [policy], []).allowed, true);
    assert.equal(evaluate(q('192.168.0.1'), [policy], []).allowed, false);
    assert.equal(evaluate(q('10.2.3.4', B), [policy], []).allowed, false);
  });
});

describe('resource policies', () => {
  const alice = user(A, 'alice');
  const bob = user(B, 'bob');
  const bobReads = doc([allow('codeartifact:ReadFromRepository')]);

  test('same account: an Allow in the resource policy naming the user suffices', () => {
    const policy = onRepo([{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'codeartifact:*' }]);
    assert.equal(evaluate(ask(alice, 'codeartifact:ReadFromRepository', REPO), [], [policy]).allowed, true);
    assert.equal(evaluate(ask(alice, 'codeartifact:PublishPackageVersion', PACKAGE), [], [policy]).allowed, true);
    assert.equal(evaluate(ask(alice, 'codeartifact:ReadFromRepository', OTHER_REPO), [], [policy]).allowed, false);
  });

  test('same account: a resource policy naming only the account delegates to IAM', () => {
    const policy = onRepo([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'codeartifact:*' },
    ]);
    assert.equal(evaluate(ask(alice, 'codeartifact:ReadFromRepository', REPO), [], [policy]).allowed, false);
  });

  test('across accounts both must allow', () => {
    const grantB = onRepo([
      { Effect: 'Allow', Principal: { AWS: B }, Action: 'codeartifact:ReadFromRepository', Resource: '*' },
    ]);
    const q = ask(bob, 'codeartifact:ReadFromRepository', REPO);
    assert.deepEqual(evaluate(q, [bobReads], []), { allowed: false, reason: 'no-resource-allow' });
    assert.deepEqual(evaluate(q, [], [grantB]), { allowed: false, reason: 'no-identity-allow' });
    assert.deepEqual(evaluate(q, [bobReads], [grantB]), { allowed: true });
    assert.deepEqual(evaluate(ask(root(B), 'codeartifact:ReadFromRepository', REPO), [], [grantB]), { allowed: true });
    assert.equal(
      evaluate(ask(bob, 'codeartifact:PublishPackageVersion', PACKAGE), [bobReads], [grantB]).allowed,
      false,
    );
  });

  test('an explicit Deny in the resource policy wins over any Allow, even for the root', () => {
    const policy = onRepo([{ Effect: 'Deny', Principal: '*', Action: 'codeartifact:DeleteRepository' }]);
    assert.deepEqual(evaluate(ask(root(A), 'codeartifact:DeleteRepository', REPO), [], [policy]), {
      allowed: false,
      reason: 'resource-deny',
    });
  });

  test('NotPrincipal and conditions on aws:PrincipalAccount', () => {
    const policy = onRepo([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'codeartifact:ReadFromRepository',
        Condition: { StringEquals: { 'aws:PrincipalAccount': B } },
      },
      { Effect: 'Deny', NotPrincipal: { AWS: [bob.arn, alice.arn] }, Action: '*' },
    ]);
    const q = ask(bob, 'codeartifact:ReadFromRepository', REPO, { 'aws:principalaccount': B });
    assert.equal(evaluate(q, [bobReads], [policy]).allowed, true);
    const carol = user(B, 'carol');
    const qc = ask(carol, 'codeartifact:ReadFromRepository', REPO, { 'aws:principalaccount': B });
    assert.deepEqual(evaluate(qc, [bobReads], [policy]), { allowed: false, reason: 'resource-deny' });
  });
});

describe('documents', () => {
  const invalid = (text: string, kind: PolicyKind, message: RegExp) =>
    assert.throws(
      () => compilePolicy(text, kind),
      (error: unknown) => error instanceof CatalogError && error.kind === 'Invalid' && message.test(error.message),
    );

  test('malformed documents are refused with a message naming the problem', () => {
    invalid('{', 'identity', /not valid JSON/);
    invalid('[]', 'identity', /must be a JSON object/);
    invalid('{"Version":"2012-10-17"}', 'identity', /no Statement/);
    invalid('{"Version":"2013-01-01","Statement":[]}', 'identity', /Version must be/);
    invalid('{"Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}', 'identity', /Statement 1: Effect/);
    invalid('{"Statement":[{"Effect":"Allow","Resource":"*"}]}', 'identity', /needs Action or NotAction/);
    invalid('{"Statement":[{"Effect":"Allow","Action":"*"}]}', 'identity', /needs Resource or NotResource/);
    invalid('{"Statement":[{"Effect":"Allow","Action":"read","Resource":"*"}]}', 'identity', /'read' is not an action/);
    invalid('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"repo"}]}', 'identity', /'repo' is not an ARN/);
    invalid(
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
      'identity',
      /must not name a Principal/,
    );
    invalid('{"Statement":[{"Effect":"Allow","Action":"*"}]}', 'resource', /needs Principal or NotPrincipal/);
    invalid(
      '{"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"a":"b"}}}]}',
      'identity',
      /Statement 1 \(Sid 'A'\) Condition: unknown condition operator 'StringEqualz'/,
    );
    invalid(
      '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"a":"ten"}}}]}',
      'identity',
      /'ten' is not a valid NumericEquals value/,
    );
    invalid('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Extra":1}]}', 'identity', /unknown element/);
  });

  test('an oversized document is refused with its size and the limit', () => {
    const statements = Array.from({ length: 200 }, (_, index) => allow(`codeartifact:Action${index}`, REPO));
    invalid(JSON.stringify({ Statement: statements }), 'identity', /characters long .* the limit is 6144/);
  });

  test('the denial message has AWS shape', () => {
    const q = ask(user(A, 'ro'), 'codeartifact:PublishPackageVersion', PACKAGE);
    assert.equal(
      denialMessage(q, 'no-identity-allow'),
      `User: arn:aws:iam::${A}:user/ro is not authorized to perform: codeartifact:PublishPackageVersion on resource: ${PACKAGE} because no identity-based policy allows the codeartifact:PublishPackageVersion action`,
    );
    assert.match(denialMessage(q, 'identity-deny'), /with an explicit deny in an identity-based policy$/);
  });
});
