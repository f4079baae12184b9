// Page tokens and authorization tokens share one signed envelope (src/domain/shared/signed-envelope.ts).
// Tokens already handed out must keep working across the change, so the wire form is pinned here by building
// tokens by hand, and a token with anything after its mac is refused rather than read in part.
import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/aws/errors.js';
import { PageTokens } from '../../src/aws/pagination.js';
import { AuthorizationTokens } from '../../src/domain/codeartifact/tokens.js';

const secret = Buffer.from('a secret shared by every instance');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (text: string) => createHmac('sha256', secret).update(text).digest('base64url');

const pageError = (pages: PageTokens, scope: string, token: string) => {
  try {
    pages.read(scope, token, 'ValidationException', 'nextToken');
  } catch (error) {
    assert.ok(error instanceof AwsError);
    return error.message;
  }
  assert.fail('the token was accepted');
};

describe('page tokens', () => {
  const pages = new PageTokens(secret);
  const scope = 'codeartifact:ListDomains:111122223333:us-east-1:[]';

  it('reads a token in the form issued before the shared envelope (q1.<payload>.<mac over scope and payload>)', () => {
    const payload = b64({ after: 'my-domain' });
    assert.deepEqual(pages.read(scope, `q1.${payload}.${hmac(`${scope}\n${payload}`)}`, 'X', 'nextToken'), {
      after: 'my-domain',
    });
  });

  it('round-trips its own tokens, for the request they were issued for only', () => {
    const token = pages.issue(scope, ['a', 2]);
    assert.deepEqual(pages.read(scope, token, 'X', 'nextToken'), ['a', 2]);
    assert.match(pageError(pages, `${scope}x`, token), /altered, or was issued for a different request/);
  });

  it('refuses a token with anything after its mac, or a part missing', () => {
    const token = pages.issue(scope, 'cursor');
    assert.match(pageError(pages, scope, `${token}.x`), /Invalid nextToken: the token is malformed/);
    assert.match(pageError(pages, scope, token.split('.').slice(0, 2).join('.')), /malformed/);
    assert.match(pageError(pages, scope, token.replace(/^q1/, 'q2')), /malformed/);
  });
});

describe('authorization tokens', () => {
  // verify() needs no store: the token is stateless.
  const tokens = new AuthorizationTokens(null as never, secret);
  const claims = {
    accountId: '111122223333',
    region: 'us-east-1',
    domain: 'my-domain',
    accessKeyId: 'AKIAEXAMPLE',
    expiresAt: 2_000_000,
  };
  const legacy = `${b64(claims)}.${hmac(b64(claims))}`;

  it('verifies a token in the form issued before the shared envelope (<payload>.<mac over payload>)', () => {
    assert.deepEqual(tokens.verify(legacy, 1_000_000), claims);
  });

  it('refuses it once expired, with anything appended, or signed with another secret', () => {
    assert.equal(tokens.verify(legacy, 2_000_000), undefined);
    assert.equal(tokens.verify(`${legacy}.x`, 1_000_000), undefined);
    assert.equal(tokens.verify(`${legacy}.`, 1_000_000), undefined);
    assert.equal(new AuthorizationTokens(null as never, Buffer.from('other')).verify(legacy, 1_000_000), undefined);
  });
});
