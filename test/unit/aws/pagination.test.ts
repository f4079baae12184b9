// Page tokens: opaque, signed over the cursor and the request they were issued for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../../src/aws/errors.js';
import { canonicalBinding, PageTokens } from '../../../src/aws/pagination.js';

const tokens = new PageTokens(Buffer.alloc(32, 7));
const scope = 'codeartifact:ListPackages:123456789012:us-east-1:[["domain","d"]]';

function rejection(read: () => unknown): AwsError {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof AwsError);
    return error;
  }
  assert.fail('the token was accepted');
}

describe('pagination tokens', () => {
  it('give back the cursor they carry, for the request they were issued for', () => {
    const cursor = { name: 'left-pad', namespace: '', id: 42 };
    const token = tokens.issue(scope, cursor);
    assert.match(token, /^q1\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(tokens.read(scope, token, 'ValidationException', 'nextToken'), cursor);
  });

  it('are refused, in the service’s own error, when altered, replayed elsewhere or malformed', () => {
    const token = tokens.issue(scope, { id: 1 });
    const [version, , mac] = token.split('.');
    const forged = `${version}.${Buffer.from(JSON.stringify({ id: 2 })).toString('base64url')}.${mac}`;
    const altered = rejection(() => tokens.read(scope, forged, 'InvalidRequestException', 'nextToken'));
    assert.equal(altered.code, 'InvalidRequestException');
    assert.equal(altered.message, 'Invalid nextToken: the token was altered, or was issued for a different request');
    assert.equal(altered.fields.reason, 'FIELD_VALIDATION_FAILED');
    const elsewhere = rejection(() => tokens.read(`${scope}x`, token, 'ValidationException', 'nextToken'));
    assert.match(elsewhere.message, /issued for a different request/);
    for (const bad of ['', 'garbage', 'q1..', 'q2.e30.x', `${token}.extra`.replace('q1', 'q0')]) {
      assert.match(
        rejection(() => tokens.read(scope, bad, 'ValidationException', 'nextToken')).message,
        /^Invalid nextToken: /,
      );
    }
  });

  it('from another secret are refused (every instance on one store shares one secret)', () => {
    const other = new PageTokens(Buffer.alloc(32, 8));
    assert.match(
      rejection(() => other.read(scope, tokens.issue(scope, 1), 'ValidationException', 'nextToken')).message,
      /altered/,
    );
  });

  it('bind to the request parameters whatever their order, ignoring absent ones', () => {
    assert.equal(canonicalBinding({ b: 1, a: 'x', c: undefined }), canonicalBinding({ a: 'x', b: 1 }));
    assert.notEqual(canonicalBinding({ a: 'x' }), canonicalBinding({ a: 'y' }));
  });
});
