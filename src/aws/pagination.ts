// Opaque, tamper-evident keyset pagination tokens. A token carries the cursor (the sort key of the last
// item served) and is HMAC-signed over that cursor *and* the request it belongs to (operation, account,
// region and every filter), so it cannot be forged, altered, or replayed against a different query.
// The secret lives in the Store, so every Quiver instance on the same database accepts every token.
import { SignedEnvelope } from '../domain/shared/signed-envelope.js';
import { AwsError } from './errors.js';

export class PageTokens {
  private readonly envelope: SignedEnvelope;

  constructor(secret: Buffer) {
    this.envelope = new SignedEnvelope(secret, 'q1');
  }

  issue(scope: string, cursor: unknown): string {
    return this.envelope.seal(cursor, scope);
  }

  /** The cursor inside a token, or an error of the service's pagination type naming the problem. */
  read(scope: string, token: string, errorCode: string, memberName: string): unknown {
    const opened = this.envelope.open(token, scope);
    if (opened.ok) return opened.value;
    const why =
      opened.problem === 'forged'
        ? 'the token was altered, or was issued for a different request'
        : 'the token is malformed';
    throw new AwsError(errorCode, `Invalid ${memberName}: ${why}`, { reason: 'FIELD_VALIDATION_FAILED' });
  }
}

/** A stable text form of the request parameters a token is bound to (key order does not matter). */
export function canonicalBinding(parts: Record<string, unknown>): string {
  const keys = Object.keys(parts)
    .filter((key) => parts[key] !== undefined)
    .sort();
  return JSON.stringify(keys.map((key) => [key, parts[key]]));
}
